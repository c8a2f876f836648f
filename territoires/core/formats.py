"""Numbers written the French way, for every text a user reads.

One way per measure, on every page, table, chart, file, widget and PDF: a count with its
thousands (« 4 025 »), a score out of 100 with one decimal (« 44,0 », « 45,5 »), a
percentage without decimals (« 67 % »). Templates use the same functions as filters
(``{% load numbers %}``: ``number``, ``score``, ``percent``, ``counted``).
"""

from decimal import ROUND_HALF_UP, Decimal

THOUSANDS = "\u202f"  # a narrow no-break space


def _grouped(value: Decimal, decimals: int) -> str:
    text = f"{value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP):,.{decimals}f}"
    return text.replace(",", THOUSANDS).replace(".", ",")


def number(value: float) -> str:
    """« 3 500 », « 12,5 »: a narrow no-break space between thousands, a decimal comma, at
    most two decimals."""
    if float(value).is_integer():
        return _grouped(Decimal(int(value)), 0)
    return _grouped(Decimal(str(value)), 2).rstrip("0")


def score(value: float | None) -> str:
    """A score out of 100 (an index, an axis, a median or a quartile), always one decimal:
    « 44,0 », « 47,2 »; « non calculé » without a value (a score without any answer)."""
    if value is None:
        return "non calculé"
    return _grouped(Decimal(str(value)), 1)


def percent(value: float | None) -> str:
    """A percentage without decimals, without its sign: « 67 » (« 66,7 » rounded)."""
    if value is None:
        return "non calculé"
    return _grouped(Decimal(str(value)), 0)


def counted(value: int, noun: str) -> str:
    """A count with its noun: « aucune commune », « 1 commune », « 4 025 communes ».

    ``noun`` starts with its indefinite article, which gives the gender (« une commune »,
    « un territoire trouvé »); a plural other than an « s » on each word follows a slash
    (« un EPCI à fiscalité propre/EPCI à fiscalité propre »).
    """
    article, _, words = noun.partition(" ")
    singular, _, plural = words.partition("/")
    if not value:
        return f"{'aucune' if article == 'une' else 'aucun'} {singular}"
    if value == 1:
        return f"1 {singular}"
    plural = plural or " ".join(
        word if word.endswith(("s", "x", "z")) else f"{word}s" for word in singular.split()
    )
    return f"{number(value)} {plural}"
