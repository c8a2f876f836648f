"""Numbers written the French way, for every text a user reads."""

from django.template.defaultfilters import floatformat


def number(value: float) -> str:
    """« 3 500 », « 12,5 »: a narrow no-break space between thousands, a decimal comma."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def rounded(value: float | None, unit: str = "") -> str:
    """A value as the tables write it (``floatformat:"-1"``: « 12,5 », « 40 »).

    « non calculé » when there is no value (a score without any answer).
    """
    if value is None:
        return "non calculé"
    return f"{floatformat(value, -1)}{unit}"
