"""The public side of the observatory: open data files, their catalogue, the widget.

Everything here reads through ``selectors.py``, which applies the publication
rules of ``Assessment.objects.published()`` and ``public_scores()``.
"""
