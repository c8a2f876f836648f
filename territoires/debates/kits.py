"""Debate kits of the communs, read and written as text (pure).

A « kit de concertation » of the catalogue describes its questions in its description, one
per line, as a list or not: the lines that end with a question mark are the questions a
debate reuses. A finished debate published back as a kit writes its questions the same way.
"""

import re

from territoires.debates.models import QUESTIONS_MAX

LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#+)\s*")


def questions_from(text: str) -> list[str]:
    """The first questions (at most ``QUESTIONS_MAX``, each at most 300 characters) of a kit's
    description."""
    questions = []
    for line in (text or "").splitlines():
        question = LIST_MARKER.sub("", line).strip()
        if question.endswith("?") and len(question) <= 300 and question not in questions:
            questions.append(question)
    return questions[:QUESTIONS_MAX]


def kit_description(*, description: str, questions: list[str], meetings: list[str]) -> str:
    """The description of a kit made from a debate: its presentation, its questions (one per
    line, as ``questions_from`` reads them) and its format of public meetings."""
    parts = [description.strip()] if description.strip() else []
    parts.append("## Questions posées au public\n\n" + "\n".join(f"- {q}" for q in questions))
    if meetings:
        parts.append("## Réunions publiques\n\n" + "\n".join(f"- {m}" for m in meetings))
    return "\n\n".join(parts)
