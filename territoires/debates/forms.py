"""Forms of the debates' pages (DSFR rendering). They parse input; the services decide."""

from django import forms

from territoires.core.formats import number
from territoires.core.forms import BaseForm
from territoires.core.markdown import MARKDOWN_MAX_LENGTH
from territoires.debates.documents import ACCEPTED_LABEL, MAX_SIZE
from territoires.debates.enums import DebateStatus, Subject
from territoires.debates.models import CONTRIBUTION_MAX_LENGTH, QUESTIONS_MAX
from territoires.debates.services import PSEUDONYM_MAX_LENGTH, REASON_MAX_LENGTH

MARKDOWN_HELP = "Mise en forme possible en Markdown (listes, liens, gras) ; aucun code HTML."
DATE_ERRORS = {"required": "Indiquez une date.", "invalid": "Saisissez une date valide."}


class DebateForm(BaseForm):
    organisation = forms.TypedChoiceField(label="Collectivité", coerce=int)
    title = forms.CharField(label="Titre du débat", max_length=200)
    subject = forms.ChoiceField(label="Sujet", choices=Subject.choices)
    description = forms.CharField(
        label="Présentation",
        required=False,
        max_length=MARKDOWN_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Le contexte et l’enjeu du débat. {MARKDOWN_HELP}",
    )
    opens_on = forms.DateField(
        label="Date d’ouverture",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    closes_on = forms.DateField(
        label="Date de clôture",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args, organisations=None, **kwargs):
        """``organisations``: the collectivités to choose from, for a new debate."""
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        for position in range(1, QUESTIONS_MAX + 1):
            self.fields[f"question_{position}"] = forms.CharField(
                label=f"Question {position}",
                required=False,
                max_length=300,
                help_text="Obligatoire." if position == 1 else "Facultative.",
            )

    @property
    def questions(self) -> list[str]:
        return [
            self.cleaned_data.get(f"question_{position}", "")
            for position in range(1, QUESTIONS_MAX + 1)
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "subject": data["subject"],
            "description": data["description"],
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            "questions": self.questions,
        }


class LinkForm(BaseForm):
    title = forms.CharField(label="Titre du document", max_length=200)
    url = forms.URLField(
        label="Adresse du document",
        max_length=500,
        assume_scheme="https",
        help_text="Par exemple la fiche d’un commun, un rapport, une étude publiée en ligne.",
    )


class FileForm(BaseForm):
    title = forms.CharField(label="Titre du document", max_length=200)
    file = forms.FileField(
        label="Fichier",
        help_text=f"Formats acceptés : {ACCEPTED_LABEL}. Taille maximale : "
        f"{MAX_SIZE // (1024 * 1024)} Mo.",
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier est vide."},
    )


class CommentForm(BaseForm):
    comment = forms.CharField(
        label="Commentaire (facultatif)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CharterForm(BaseForm):
    accept = forms.BooleanField(
        label="J’ai lu la charte de participation et je m’engage à la respecter",
        error_messages={"required": "Acceptez la charte pour contribuer."},
    )
    display = forms.ChoiceField(
        label="Nom affiché avec vos contributions",
        choices=[
            ("pseudonyme", "Un pseudonyme de mon choix"),
            ("prenom", "Mon prénom et l’initiale de mon nom"),
        ],
        widget=forms.RadioSelect,
        initial="pseudonyme",
    )
    pseudonym = forms.CharField(
        label="Pseudonyme",
        required=False,
        max_length=PSEUDONYM_MAX_LENGTH,
        help_text="Si vous choisissez un pseudonyme : 2 à 40 caractères, sans adresse "
        "électronique.",
    )


class ContributionForm(BaseForm):
    text = forms.CharField(
        label="Votre contribution",
        widget=forms.Textarea(attrs={"rows": 5}),
        # The service measures it: a longer text gets its message, not the browser's cut.
        strip=False,
        help_text=f"{number(CONTRIBUTION_MAX_LENGTH)} caractères au plus. {MARKDOWN_HELP}",
        error_messages={"required": "Votre contribution est vide."},
    )
    question = forms.TypedChoiceField(
        label="En réponse à", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "Une idée, hors des questions posées")] + [
            (question.pk, f"Question {question.position} : {question.text}")
            for question in questions
        ]


class ReplyForm(BaseForm):
    text = forms.CharField(
        label="Votre réponse",
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        error_messages={"required": "Votre contribution est vide."},
    )


class EditForm(BaseForm):
    text = forms.CharField(
        label="Votre contribution",
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=False,
        error_messages={"required": "Votre contribution est vide."},
    )


class ReasonForm(BaseForm):
    reason = forms.CharField(
        label="Motif",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Indiquez le motif."},
    )


class AnswerForm(BaseForm):
    answer = forms.CharField(
        label="Réponse de la collectivité",
        max_length=MARKDOWN_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HELP,
        error_messages={"required": "La réponse est vide."},
    )


class SynthesisForm(BaseForm):
    synthesis = forms.CharField(
        label="Synthèse générale",
        required=False,
        max_length=MARKDOWN_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Ce que la collectivité retient du débat. {MARKDOWN_HELP}",
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            for field, label in (
                ("heard", "Ce que nous avons entendu"),
                ("decided", "Ce que nous décidons"),
            ):
                self.fields[f"{field}_{question.pk}"] = forms.CharField(
                    label=f"Question {question.position} — {label}",
                    required=False,
                    max_length=MARKDOWN_MAX_LENGTH,
                    initial=getattr(question, field),
                    widget=forms.Textarea(attrs={"rows": 4}),
                )

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            question.pk: (
                self.cleaned_data[f"heard_{question.pk}"],
                self.cleaned_data[f"decided_{question.pk}"],
            )
            for question in self.questions
        }


class DebateFilterForm(forms.Form):
    """The filters of the national list: every field optional, a bad value ignored."""

    subject = forms.ChoiceField(
        label="Sujet", required=False, choices=[("", "Tous les sujets"), *Subject.choices]
    )
    region = forms.ChoiceField(label="Région", required=False)
    departement = forms.ChoiceField(label="Département", required=False)
    status = forms.ChoiceField(
        label="État",
        required=False,
        choices=[
            ("", "Tous les états"),
            *[
                (status.value, status.label)
                for status in DebateStatus
                if status.value != "brouillon"
            ],
        ],
    )

    def __init__(self, *args, regions=(), departements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Toutes les régions"), *regions]
        self.fields["departement"].choices = [("", "Tous les départements"), *departements]

    def filters(self) -> dict:
        """The valid filters given (an invalid one is left out of ``cleaned_data``)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}


class MeetingsForm(BaseForm):
    meetings = forms.ModelMultipleChoiceField(
        label="Réunions publiques du débat",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les événements publiés de l’agenda organisés par votre collectivité.",
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meetings"].queryset = events


class CommunDocumentForm(BaseForm):
    commun = forms.ModelChoiceField(
        label="Commun du catalogue",
        queryset=None,
        empty_label="Choisissez un commun",
        help_text="Une fiche publiée du catalogue des communs : un logiciel, une méthode, un kit.",
    )

    def __init__(self, *args, communs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commun"].queryset = communs


class KitReuseForm(BaseForm):
    organisation = forms.TypedChoiceField(label="Collectivité qui ouvre le débat", coerce=int)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
