"""The app as the HTTP benchmark serves it (settings, URLs with the reference) and its load."""
