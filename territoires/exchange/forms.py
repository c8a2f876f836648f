"""Forms of the bourse (DSFR rendering). They parse input; the services decide."""

from django import forms

from territoires.core.forms import BaseForm
from territoires.exchange.enums import (
    BudgetBand,
    CostModel,
    Frequency,
    LegalVehicle,
    Modality,
    SearchTarget,
    Urgency,
)
from territoires.exchange.taxonomy import get_taxonomy
from territoires.geo.enums import COLLECTIVITE_KINDS, TerritoryKind
from territoires.geo.models import Territory

REQUIRED = "Ce champ est obligatoire."


def area_choices() -> list[tuple[str, str]]:
    """The régions, then the départements, as « region:27 » → « Bourgogne-Franche-Comté »."""
    territories = Territory.objects.current().filter(
        kind__in=(TerritoryKind.REGION, TerritoryKind.DEPARTEMENT)
    )
    regions = [(f"region:{t.code}", t.name) for t in territories if t.kind == TerritoryKind.REGION]
    departements = [
        (f"departement:{t.code}", f"{t.name} ({t.code})")
        for t in territories.order_by("code")
        if t.kind == TerritoryKind.DEPARTEMENT
    ]
    return [("Régions", sorted(regions, key=lambda c: c[1])), ("Départements", departements)]


def _skill_field(**options) -> forms.ChoiceField:
    return forms.ChoiceField(label="Compétence", choices=get_taxonomy().choices(), **options)


class OfferForm(BaseForm):
    skill = _skill_field()
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(label="Description", widget=forms.Textarea, max_length=5000)
    modality = forms.ChoiceField(label="Modalité", choices=Modality.choices)
    legal_vehicle = forms.ChoiceField(
        label="Cadre juridique proposé",
        choices=LegalVehicle.choices,
        help_text=(
            "Hors de votre intercommunalité : coopération entre pouvoirs adjudicateurs ou entente. "
            "Le service commun et la mise à disposition de services valent entre un EPCI et ses "
            "communes membres. La référence du texte figure sur l’offre et dans la convention."
        ),
    )
    national = forms.BooleanField(label="Toute la France", required=False)
    area = forms.MultipleChoiceField(
        label="Territoires desservis",
        required=False,
        help_text="Régions ou départements ; inutile si l’offre couvre toute la France.",
    )
    eligible_kinds = forms.MultipleChoiceField(
        label="Collectivités admises",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(kind, TerritoryKind(kind).label) for kind in COLLECTIVITE_KINDS],
        help_text="Aucune case cochée : toutes les collectivités.",
    )
    population_ceiling = forms.IntegerField(
        label="Réservé aux collectivités de moins de (habitants)",
        required=False,
        min_value=1,
        max_value=100_000_000,
    )
    capacity = forms.IntegerField(
        label="Capacité (bénéficiaires accompagnés à la fois)", min_value=1, max_value=10_000
    )
    cost_model = forms.ChoiceField(label="Modèle de coût", choices=CostModel.choices)
    contact_email = forms.EmailField(label="Adresse de contact")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()


class NeedForm(BaseForm):
    skill = _skill_field()
    description = forms.CharField(
        label="Description du besoin", widget=forms.Textarea, max_length=5000
    )
    urgency = forms.ChoiceField(label="Urgence", choices=Urgency.choices)
    budget_band = forms.ChoiceField(label="Budget", choices=BudgetBand.choices)
    preferred_modality = forms.ChoiceField(
        label="Modalité souhaitée",
        choices=[("", "Sans préférence"), *Modality.choices],
        required=False,
    )
    is_published = forms.BooleanField(
        label="Publier ce besoin dans la bourse",
        required=False,
        help_text="Non coché : seuls vos collègues et les offreurs que vous contactez le voient.",
    )


class OfferFilterForm(BaseForm):
    skill = _skill_field(required=False)
    area = forms.ChoiceField(label="Territoire desservi", required=False)
    modality = forms.ChoiceField(
        label="Modalité", choices=[("", "Toutes"), *Modality.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "Toutes"), *get_taxonomy().choices()]
        self.fields["area"].choices = [("", "Tous"), *area_choices()]


class RequestForm(BaseForm):
    need = forms.TypedChoiceField(
        label="Besoin concerné", required=False, coerce=int, empty_value=None
    )
    message = forms.CharField(
        label="Votre message à l’offreur",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": REQUIRED},
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "Aucun en particulier")] + [
            (need.pk, f"{need.skill_name} — {need.description[:60]}") for need in needs
        ]


class MoveForm(BaseForm):
    comment = forms.CharField(
        label="Commentaire", widget=forms.Textarea, max_length=5000, required=False
    )


class DeclineForm(BaseForm):
    comment = forms.CharField(
        label="Motif du refus (transmis au demandeur)",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Indiquez le motif du refus : le demandeur le recevra."},
    )


class EvaluationForm(BaseForm):
    satisfaction = forms.TypedChoiceField(
        label="Satisfaction",
        choices=[(n, f"{n} sur 5") for n in range(1, 6)],
        coerce=int,
        error_messages={
            "required": "La satisfaction est une note de 1 à 5.",
            "invalid_choice": "La satisfaction est une note de 1 à 5.",
        },
    )
    comment = forms.CharField(
        label="Commentaire", widget=forms.Textarea, max_length=5000, required=False
    )


class ConventionForm(BaseForm):
    purpose = forms.CharField(
        label="Objet de la convention", widget=forms.Textarea, max_length=5000
    )
    duration_months = forms.IntegerField(label="Durée (en mois)", min_value=1, max_value=120)
    cost_key = forms.CharField(
        label="Clé de répartition des coûts", widget=forms.Textarea, max_length=2000
    )


class SavedSearchForm(BaseForm):
    target = forms.ChoiceField(label="Être prévenu des", choices=SearchTarget.choices)
    skill = _skill_field()
    area = forms.ChoiceField(label="Territoire", required=False)
    frequency = forms.ChoiceField(label="Fréquence des alertes", choices=Frequency.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Toute la France"), *area_choices()]
