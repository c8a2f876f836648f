"""Normalisation of names and queries, shared by the import and the search.

Case, accents, hyphens and apostrophes are ignored; the usual abbreviations
(``st``, ``ste`` …) stand for their full word.
"""

import re
import unicodedata

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The normalised words of ``text``: lower case, no accents, abbreviations expanded."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return [ABBREVIATIONS.get(word, word) for word in _WORD.findall(plain)]


def search_name(name: str) -> str:
    """The stored search form of a name: its words, with a leading space."""
    return " " + " ".join(words(name))


def search_compact(name: str) -> str:
    """The stored compact form of a name: its words run together."""
    return "".join(words(name))


def search_codes(*codes: str) -> str:
    """The stored search form of codes (INSEE, SIREN, postal codes), spaces around each."""
    return " " + " ".join(code.lower() for code in codes if code) + " "


def index_words(search_name: str, search_codes: str, search_compact: str) -> set[str]:
    """The words of ``TerritoryWord`` for a territory, from its stored search columns.

    The words of its name and its codes, and its compact name marked with « # »
    (no word or code starts with it), so that one index serves the three.
    """
    return {*search_name.split(), *search_codes.split(), f"#{search_compact}"}
