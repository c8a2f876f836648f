"""Forms of the labels: they parse input; the services decide."""

from django import forms

from territoires.accounts.models import Organisation
from territoires.awards.enums import AwardKind
from territoires.awards.models import Application, Category, Edition, Jury, Step
from territoires.awards.services import STEP_KINDS, TEXT_FIELDS, AwardInput, MarkInput
from territoires.commons.models import Commun
from territoires.core.forms import BaseForm
from territoires.events.enums import EventKind
from territoires.events.models import Event
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory

# The project's fields in the order of the form: the title, its category, then the rest.
APPLICATION_FIELDS = ("title", "category", *TEXT_FIELDS[1:], "agrees_to_publication")


class ApplicationForm(BaseForm, forms.ModelForm):
    """The project; the required fields are checked when it is deposited, not in a draft."""

    video_url = forms.URLField(label="Lien vers une vidéo", required=False, assume_scheme="https")
    website_url = forms.URLField(
        label="Site internet du projet", required=False, assume_scheme="https"
    )
    communs = forms.ModelMultipleChoiceField(
        label="Communs utilisés",
        help_text="Les solutions partagées du catalogue des communs que le projet utilise.",
        queryset=Commun.objects.published(),
        required=False,
    )
    co_applicants = forms.CharField(
        label="Collectivités co-candidates",
        help_text="Leurs numéros SIREN, séparés par des virgules (par exemple 200067387).",
        required=False,
        max_length=500,
    )

    class Meta:
        model = Application
        fields = APPLICATION_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("summary", "description", "context", "results", "partners")
        }
        help_texts = {
            "summary": "1 000 caractères au plus ; il est publié au palmarès si le projet est "
            "distingué.",
            "results": "Les résultats mesurés, avec des chiffres.",
        }

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(edition=edition)
        self.fields["category"].empty_label = "Choisissez une catégorie"
        if self.instance.pk:
            self.fields["co_applicants"].initial = ", ".join(
                self.instance.co_applicants.values_list("siren", flat=True)
            )
            self.fields["communs"].initial = list(self.instance.communs.all())

    def clean_co_applicants(self) -> list[Organisation]:
        """The collectivités of the SIREN typed (a list; the service checks what they are)."""
        sirens = [
            part.strip().replace(" ", "") for part in self.cleaned_data["co_applicants"].split(",")
        ]
        sirens = [siren for siren in sirens if siren]
        found = {
            organisation.siren: organisation
            for organisation in Organisation.objects.filter(siren__in=sirens)
        }
        unknown = [siren for siren in sirens if siren not in found]
        if unknown:
            raise forms.ValidationError(
                "Aucune collectivité inscrite sur la plateforme n’a le SIREN "
                + ", ".join(unknown)
                + "."
            )
        return [found[siren] for siren in dict.fromkeys(sirens)]
        for name in ("summary", "description", "context", "results", "budget_band"):
            self.fields[name].required = False


class AttachmentForm(BaseForm):
    file = forms.FileField(
        label="Pièce jointe",
        help_text="Un document PDF ou une image (PNG, JPEG, WebP).",
    )


class CommentForm(BaseForm):
    comment = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SheetForm(BaseForm):
    """A mark from 0 to 5 and a comment for each criterion of the grid."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"mark_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (pondération {criterion.weight})"
                + ("" if criterion.mandatory else " — facultatif"),
                choices=[("", "Non noté")] * (not criterion.mandatory)
                + [(str(mark), f"{mark} — {text}") for mark, text in criterion.scale],
                required=False,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Commentaire sur « {criterion.name} »",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["comment"] = forms.CharField(
            label="Appréciation générale", required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def marks(self):
        return {
            criterion.pk: MarkInput(
                self.cleaned_data.get(f"mark_{criterion.pk}"),
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }


class ConflictForm(BaseForm):
    reason = forms.CharField(
        label="Nature du conflit d’intérêts",
        max_length=300,
        error_messages={"required": "Précisez la nature du conflit d’intérêts."},
    )


class FinalistsForm(BaseForm):
    applications = forms.TypedMultipleChoiceField(
        label="Finalistes",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un finaliste."},
    )
    reason = forms.CharField(
        label="Motif de la sélection",
        help_text="Il est envoyé aux collectivités candidates avec la décision.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Motivez le choix des finalistes."},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [
            (application.pk, f"{application.title} — {application.organisation}")
            for application in candidates
        ]


class AwardsForm(BaseForm):
    """A distinction (or none) for each finalist, and the deliberation."""

    deliberation = forms.CharField(
        label="Délibération du jury national",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Consignez la délibération du jury national."},
    )

    def __init__(self, *args, finalists, **kwargs):
        super().__init__(*args, **kwargs)
        self.finalists = list(finalists)
        for application in self.finalists:
            self.fields[f"kind_{application.pk}"] = forms.ChoiceField(
                label=f"Distinction de « {application.title} »",
                choices=[("", "Aucune"), *AwardKind.choices],
                required=False,
            )
            self.fields[f"title_{application.pk}"] = forms.CharField(
                label=f"Intitulé de la mention de « {application.title} »",
                required=False,
                max_length=200,
            )

    def awards(self):
        return [
            AwardInput(
                application.pk,
                self.cleaned_data[f"kind_{application.pk}"],
                self.cleaned_data.get(f"title_{application.pk}", ""),
            )
            for application in self.finalists
            if self.cleaned_data.get(f"kind_{application.pk}")
        ]


DATE_HELP = "Au format JJ/MM/AAAA HH:MM."
DATE_ERRORS = {"invalid": "Saisissez une date au format JJ/MM/AAAA HH:MM."}


class EditionForm(BaseForm):
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    title = forms.CharField(label="Titre", max_length=200)
    rules = forms.CharField(
        label="Règlement",
        help_text="En Markdown : titres (##), listes, liens, gras.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    call_opens_at = forms.DateTimeField(
        label="Ouverture de l’appel à candidatures", help_text=DATE_HELP, error_messages=DATE_ERRORS
    )
    call_closes_at = forms.DateTimeField(
        label="Clôture de l’appel à candidatures", help_text=DATE_HELP, error_messages=DATE_ERRORS
    )
    preselection_at = forms.DateTimeField(
        label="Fin de la présélection régionale", help_text=DATE_HELP, error_messages=DATE_ERRORS
    )
    finalists_at = forms.DateTimeField(
        label="Annonce des finalistes", help_text=DATE_HELP, error_messages=DATE_ERRORS
    )
    final_at = forms.DateTimeField(
        label="Finale au Forum des Interconnectés", help_text=DATE_HELP, error_messages=DATE_ERRORS
    )
    results_at = forms.DateTimeField(
        label="Publication des résultats", help_text=DATE_HELP, error_messages=DATE_ERRORS
    )
    finalists_count = forms.IntegerField(
        label="Nombre de finalistes", min_value=1, max_value=200, initial=25
    )
    exclude_territory_conflicts = forms.BooleanField(
        label="Écarter les jurés du territoire candidat, de ceux qui le contiennent et de ceux "
        "qu’il contient",
        required=False,
        initial=True,
    )
    public_vote = forms.BooleanField(label="Prix du public", required=False)
    publish_score_sheets = forms.BooleanField(
        label="Publier les fiches de notation agrégées et anonymes des finalistes", required=False
    )


class CategoryForm(BaseForm):
    name = forms.CharField(label="Nom de la catégorie", max_length=120)
    quota = forms.IntegerField(
        label="Nombre maximal de finalistes (facultatif)", min_value=1, required=False
    )


class CriterionForm(BaseForm):
    name = forms.CharField(label="Nom du critère", max_length=120)
    description = forms.CharField(label="Description", required=False, max_length=500)
    weight = forms.IntegerField(label="Pondération (de 1 à 10)", min_value=1, max_value=10)
    mandatory = forms.BooleanField(label="Critère obligatoire", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for mark in range(6):
            self.fields[f"mark_{mark}"] = forms.CharField(
                label=f"Signification de la note {mark}", max_length=200
            )

    def marks(self) -> list[str]:
        return [self.cleaned_data[f"mark_{mark}"] for mark in range(6)]


class CalendarEventsForm(BaseForm):
    """The agenda's event of each step of an edition's calendar."""

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        linked = {link.step: link.event_id for link in edition.event_links.all()}
        for step, label in Step.choices:
            kind = STEP_KINDS.get(step)
            events = Event.objects.published().order_by("starts_at")
            self.fields[step] = forms.ModelChoiceField(
                label=label,
                queryset=events.filter(kind=kind) if kind else events,
                required=False,
                empty_label="Aucun événement",
                initial=linked.get(step),
            )


class JuryEventForm(BaseForm):
    event = forms.ModelChoiceField(
        label="Étape de l’IntercoTOUR",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Aucune",
    )

    def __init__(self, *args, jury: Jury, **kwargs):
        super().__init__(*args, initial={"event": jury.event_id}, **kwargs)
        self.fields["event"].queryset = (
            Event.objects.published()
            .filter(kind=EventKind.INTERCOTOUR, regions=jury.region_id)
            .order_by("starts_at")
        )


class JuryForm(BaseForm):
    region = forms.ModelChoiceField(
        label="Région de l’étape",
        queryset=Territory.objects.filter(
            kind__in=[TerritoryKind.REGION, TerritoryKind.COLLECTIVITE_OUTRE_MER], is_current=True
        ).order_by("name"),
        required=False,
        empty_label="Jury national (finale)",
    )
    deadline = forms.DateTimeField(
        label="Date limite de notation",
        help_text="Au format JJ/MM/AAAA HH:MM.",
        error_messages={"invalid": "Saisissez une date au format JJ/MM/AAAA HH:MM."},
    )


class JurorForm(BaseForm):
    email = forms.EmailField(
        label="Adresse électronique du juré",
        help_text="La personne doit s’être déjà connectée avec ProConnect ou FranceConnect.",
    )


class VoteForm(BaseForm):
    application = forms.TypedChoiceField(
        label="Votre projet préféré",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez un projet."},
    )

    def __init__(self, *args, finalists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [
            (application.pk, f"{application.title} — {application.organisation}")
            for application in finalists
        ]
