"""Forms of the campaign pages and the questionnaire (DSFR rendering)."""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from territoires.core.formats import number
from territoires.core.forms import BaseForm
from territoires.geo.enums import TerritoryKind
from territoires.observatory.answers import AnswerInput, number_expected
from territoires.observatory.enums import (
    AnswerStatus,
    AssessmentStatus,
    Publication,
    Questionnaire,
)
from territoires.observatory.framework import (
    ASSESSED_KINDS,
    LEVEL_ANSWERS,
    Indicator,
    IndicatorType,
    available_editions,
)
from territoires.observatory.selectors import Question

NUMBER = re.compile(r"^-?[0-9]+(?:[.,][0-9]+)?$")
NOT_CONCERNED_AND_ANSWERED = "Cochez « Non concerné » ou répondez à la question, pas les deux."
OTHER_DIGITS = "Saisissez le nombre avec les chiffres de 0 à 9, par exemple 42."


class CampaignForm(BaseForm):
    year = forms.IntegerField(
        label="Année",
        min_value=2020,
        max_value=2100,
        error_messages={
            "required": "Indiquez l’année de la campagne.",
            "invalid": "Saisissez une année, par exemple 2026.",
            "min_value": "L’année doit être 2020 ou après.",
            "max_value": "L’année doit être 2100 ou avant.",
        },
    )
    edition = forms.TypedChoiceField(label="Édition du référentiel", coerce=int)
    title = forms.CharField(
        label="Titre",
        required=False,
        max_length=200,
        help_text="Facultatif : « Observatoire de la maturité numérique » suivi de l’année.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [(e, f"Référentiel {e}") for e in available_editions()]


class CommentForm(BaseForm):
    comment = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(BaseForm):
    comment = forms.CharField(
        label="Motif de la réouverture",
        help_text="Il est conservé dans l’historique de l’évaluation.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez pourquoi l’évaluation est rouverte."},
    )


class QuestionnaireForm(BaseForm):
    questionnaire = forms.ChoiceField(
        label="Questionnaire",
        choices=Questionnaire.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez le questionnaire complet ou le questionnaire allégé.",
            "invalid_choice": "Choisissez le questionnaire complet ou le questionnaire allégé.",
        },
    )


class PublicationForm(BaseForm):
    publication = forms.ChoiceField(
        label="Ce que la collectivité publie",
        choices=Publication.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez ce que la collectivité publie.",
            "invalid_choice": "Choisissez ce que la collectivité publie parmi les choix proposés.",
        },
    )


def field_names(code: str) -> dict[str, str]:
    """The names of a question's inputs: its value, *non concerné*, and *aucune* (choices)."""
    return {"value": f"{code}-valeur", "nc": f"{code}-nc", "none": f"{code}-aucune"}


def _other_digits(text: str) -> None:
    """Refuse digits other than 0 to 9 (« ١٠ », « ４２ »), which Python reads as numbers."""
    if any(character.isdecimal() and not character.isascii() for character in text):
        raise ValidationError(OTHER_DIGITS)


def _number(indicator: Indicator, text: str) -> float:
    """A typed number; the service checks its bounds (hundreds of digits give infinity)."""
    _other_digits(text)
    if not NUMBER.match(text):
        raise ValidationError(number_expected(indicator))
    return float(text.replace(",", "."))


def _level(text: str) -> int:
    # isdecimal, not isdigit: « ² » is a digit that int() refuses.
    message = f"Choisissez un niveau de 0 à {LEVEL_ANSWERS - 1}."
    _other_digits(text)
    if not text.isdecimal():
        raise ValidationError(message)
    try:
        return int(text)
    except ValueError:  # more digits than int() reads
        raise ValidationError(message) from None


def answer_from_post(indicator: Indicator, data) -> AnswerInput:
    """Read one question's answer from posted data; the service checks the values.

    An empty answer clears the question (back to not yet answered).
    """
    names = field_names(indicator.code)
    kind = indicator.type
    if data.get(names["nc"]):
        # Ticked boxes and a typed number can be undone, so both with « Non concerné » is a
        # contradiction; a radio button cannot be unticked without JavaScript: « Non
        # concerné » wins over it.
        radio = kind in (IndicatorType.YES_NO, IndicatorType.LEVEL)
        answered = any(v.strip() for v in data.getlist(names["value"])) or data.get(names["none"])
        if answered and not radio:
            raise ValidationError(NOT_CONCERNED_AND_ANSWERED)
        return AnswerInput(AnswerStatus.NOT_CONCERNED)
    if kind == IndicatorType.MULTIPLE_CHOICE:
        chosen = [code for code in data.getlist(names["value"]) if code]
        if data.get(names["none"]):
            if chosen:
                raise ValidationError(
                    "Cochez « Aucune de ces réponses » ou des réponses, pas les deux."
                )
            return AnswerInput(AnswerStatus.ANSWERED, [])
        return AnswerInput(AnswerStatus.ANSWERED, chosen) if chosen else AnswerInput(None)
    text = data.get(names["value"], "").strip()
    if not text:
        return AnswerInput(None)
    if kind == IndicatorType.YES_NO:
        if text not in ("oui", "non"):
            raise ValidationError("Répondez par oui ou par non.")
        return AnswerInput(AnswerStatus.ANSWERED, text == "oui")
    if kind == IndicatorType.LEVEL:
        return AnswerInput(AnswerStatus.ANSWERED, _level(text))
    return AnswerInput(AnswerStatus.ANSWERED, _number(indicator, text))


@dataclass(frozen=True)
class QuestionField:
    """What one question's inputs show: the stored answer, or what was just posted."""

    question: Question
    text: str = ""  # number fields
    selected: frozenset[str] = frozenset()  # radio and checkbox values
    not_concerned: bool = False
    none: bool = False  # multiple choice: « Aucune de ces réponses »
    error: str = ""
    saved: bool = False  # saved by this request

    @property
    def indicator(self) -> Indicator:
        return self.question.indicator

    @property
    def names(self) -> dict[str, str]:
        return field_names(self.indicator.code)

    @property
    def choices(self) -> list[tuple[str, str]]:
        indicator = self.indicator
        if indicator.type == IndicatorType.YES_NO:
            return [("oui", "Oui"), ("non", "Non")]
        if indicator.type == IndicatorType.LEVEL:
            return [(str(n), f"{n} — {label}") for n, label in enumerate(indicator.levels)]
        return [(option.code, option.label) for option in indicator.options]

    @property
    def maximum(self) -> str:
        """A count's highest answer, as the label and the error write it."""
        return number(self.indicator.maximum)

    @property
    def is_number(self) -> bool:
        return self.indicator.type in (IndicatorType.PERCENTAGE, IndicatorType.COUNT)

    @classmethod
    def stored(cls, question: Question, **extra) -> "QuestionField":
        answer, kind = question.answer, question.indicator.type
        if answer is None:
            return cls(question, not_concerned=question.not_concerned, **extra)
        if kind == IndicatorType.YES_NO:
            return cls(question, selected=frozenset({"oui" if answer else "non"}), **extra)
        if kind == IndicatorType.LEVEL:
            return cls(question, selected=frozenset({str(answer)}), **extra)
        if kind == IndicatorType.MULTIPLE_CHOICE:
            return cls(question, selected=frozenset(answer), none=not answer, **extra)
        text = str(int(answer)) if answer == int(answer) else str(answer).replace(".", ",")
        return cls(question, text=text, **extra)

    @classmethod
    def posted(cls, question: Question, data, error: str) -> "QuestionField":
        names = field_names(question.indicator.code)
        return cls(
            question,
            text=data.get(names["value"], ""),
            selected=frozenset(data.getlist(names["value"])),
            not_concerned=bool(data.get(names["nc"])),
            none=bool(data.get(names["none"])),
            error=error,
        )


# The orders of the staff list of a campaign's assessments: (label, ORM ordering).
ASSESSMENT_ORDERS = {
    "nom": ("Collectivité (A → Z)", ("territory__search_name", "territory__code", "pk")),
    "completude": ("Complétude croissante", ("score__completeness", "territory__search_name")),
    "completude-desc": (
        "Complétude décroissante",
        ("-score__completeness", "territory__search_name"),
    ),
    "indice-desc": ("Indice décroissant", ("-score__index", "territory__search_name")),
    "etat": ("État, puis collectivité", ("status", "territory__search_name")),
}


class AssessmentFilterForm(BaseForm):
    """Search, filters and order of a campaign's assessments (staff page and its CSV export)."""

    q = forms.CharField(
        label="Collectivité",
        help_text="Nom ou code INSEE, SIREN.",
        required=False,
        max_length=100,
        error_messages={"max_length": "La recherche ne doit pas dépasser 100 caractères."},
    )
    kind = forms.ChoiceField(label="Type", required=False)
    status = forms.ChoiceField(
        label="État", required=False, choices=[("", "Tous"), *AssessmentStatus.choices]
    )
    questionnaire = forms.ChoiceField(
        label="Questionnaire", required=False, choices=[("", "Tous"), *Questionnaire.choices]
    )
    sort = forms.ChoiceField(
        label="Trier par",
        required=False,
        choices=[(key, label) for key, (label, _ordering) in ASSESSMENT_ORDERS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Tous")] + [
            (kind.value, kind.label) for kind in TerritoryKind if kind.value in ASSESSED_KINDS
        ]

    def filters(self) -> dict:
        """The valid filters, for ``selectors.campaign_assessments`` (none if the form is not)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"].strip(),
            "kind": data["kind"],
            "status": data["status"],
            "questionnaire": data["questionnaire"],
            "ordering": ASSESSMENT_ORDERS[data["sort"] or "nom"][1],
        }
