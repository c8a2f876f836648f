"""Numbers written the French way, for every text a user reads."""


def number(value: float) -> str:
    """« 3 500 », « 12,5 »: a narrow no-break space between thousands, a decimal comma."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:.2f}".rstrip("0").replace(".", ",")
