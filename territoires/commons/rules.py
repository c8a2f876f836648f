"""What a fiche or a report may hold: the checks every way in shares (forms, API, the
initial catalogue). Pure but for reading two data files: the SPDX licences of
``data/licences.txt`` and the axes of the current framework of the observatory.
"""

import functools
from pathlib import Path
from urllib.parse import urlsplit

from territoires.core.formats import number
from territoires.core.markdown import MARKDOWN_MAX_LENGTH
from territoires.observatory.framework import available_editions, get_framework

LICENCES_FILE = Path(__file__).resolve().parent / "data" / "licences.txt"
URL_FIELDS = ("website", "repository", "documentation")


@functools.cache
def licences() -> frozenset[str]:
    """The SPDX identifiers a fiche may name (the data file's lines but comments)."""
    lines = LICENCES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def current_axes() -> dict[str, str]:
    """Code -> name of the axes of the current framework, in its order."""
    framework = get_framework(available_editions()[0])
    return {axis.code: axis.name for axis in framework.axes}


def axes_errors(codes) -> list[str]:
    """French messages for axis codes that are not those of the current framework."""
    if not isinstance(codes, list | tuple) or not all(isinstance(code, str) for code in codes):
        return ["Les axes doivent être une liste de codes."]
    unknown = [code for code in codes if code not in current_axes()]
    if unknown:
        return [f"Axe inconnu de l’observatoire : {', '.join(unknown)}."]
    return []


def licence_errors(licence: str) -> list[str]:
    if licence and licence not in licences():
        return [
            f"« {licence} » n’est pas un identifiant de licence SPDX connu "
            "(exemples : AGPL-3.0-or-later, MIT, etalab-2.0)."
        ]
    return []


def url_errors(url: str) -> list[str]:
    """An address must be an http or https one, with a host."""
    if not url:
        return []
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ["Seules les adresses commençant par http:// ou https:// sont acceptées."]
    return []


def markdown_errors(text: str) -> list[str]:
    if len(text or "") > MARKDOWN_MAX_LENGTH:
        return [f"Le texte dépasse {number(MARKDOWN_MAX_LENGTH)} caractères : raccourcissez-le."]
    return []


def commun_errors(data: dict) -> dict[str, list[str]]:
    """The field errors of a fiche's data (the keys present are checked)."""
    errors: dict[str, list[str]] = {}
    checks = {
        "axes": axes_errors,
        "licence": licence_errors,
        "description": markdown_errors,
        **dict.fromkeys(URL_FIELDS, url_errors),
    }
    for field, check in checks.items():
        if field in data and (messages := check(data[field])):
            errors[field] = messages
    for field, label in (("name", "Le nom"), ("summary", "Le résumé")):
        if field in data and not str(data[field] or "").strip():
            errors[field] = [f"{label} est obligatoire."]
    return errors
