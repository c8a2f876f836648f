"""Forms of the catalogue: they parse what is typed; the services check and refuse."""

from django import forms

from territoires.commons.enums import BudgetBand, CommunKind, HostingMode, Maturity, Visibility
from territoires.commons.models import Commun
from territoires.commons.rules import current_axes
from territoires.core.forms import BaseForm


def _axes_field(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=list(current_axes().items()),
        widget=forms.CheckboxSelectMultiple,
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OrganisationChoiceMixin:
    """The field ``organisation``: one of the organisations the user is a member of."""

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        if "organisation" in self.fields:
            self.fields["organisation"].choices = [
                (pk, organisation.name) for pk, organisation in self.organisations.items()
            ]

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]


class CommunForm(BaseForm):
    name = forms.CharField(label="Nom", max_length=150)
    kind = forms.ChoiceField(label="Type de commun", choices=CommunKind.choices)
    summary = forms.CharField(
        label="Résumé en une phrase", max_length=300, help_text="300 caractères au plus."
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="En Markdown : titres (##), listes, liens. 20 000 caractères au plus.",
    )
    axes = _axes_field("Axes de l’observatoire qu’il sert")
    licence = forms.CharField(
        label="Licence",
        required=False,
        max_length=60,
        help_text="Identifiant SPDX, par exemple AGPL-3.0-or-later, MIT, etalab-2.0. "
        "Laissez vide pour un service ou une méthode sans licence.",
    )
    website = forms.CharField(label="Site officiel", required=False, max_length=300)
    repository = forms.CharField(label="Dépôt des sources", required=False, max_length=300)
    documentation = forms.CharField(label="Documentation", required=False, max_length=300)
    maturity = forms.ChoiceField(label="Maturité", choices=Maturity.choices)
    self_hosted = forms.BooleanField(label="Il peut être auto-hébergé", required=False)
    hosted_by_opsn = forms.CharField(
        label="OPSN qui l’hébergent",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un nom par ligne.",
    )
    hosted_by_company = forms.CharField(
        label="Entreprises qui l’hébergent",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un nom par ligne.",
    )

    FIELDS = (
        "name",
        "kind",
        "summary",
        "description",
        "axes",
        "licence",
        "website",
        "repository",
        "documentation",
        "maturity",
    )

    @classmethod
    def initial_of(cls, commun: Commun) -> dict:
        offers = list(commun.hosting_offers.all())
        return {
            **{field: getattr(commun, field) for field in cls.FIELDS},
            "self_hosted": any(offer.mode == HostingMode.SELF_HOSTED for offer in offers),
            "hosted_by_opsn": "\n".join(o.provider for o in offers if o.mode == HostingMode.OPSN),
            "hosted_by_company": "\n".join(
                o.provider for o in offers if o.mode == HostingMode.COMPANY
            ),
        }

    def data_for_service(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.FIELDS}

    def hosting(self) -> list[dict]:
        rows = [{"mode": HostingMode.SELF_HOSTED}] if self.cleaned_data["self_hosted"] else []
        for field, mode in (
            ("hosted_by_opsn", HostingMode.OPSN),
            ("hosted_by_company", HostingMode.COMPANY),
        ):
            rows += [{"mode": mode, "provider": name} for name in _lines(self.cleaned_data[field])]
        return rows


class ProposalForm(OrganisationChoiceMixin, CommunForm):
    organisation = forms.ChoiceField(label="Au nom de")
    maintainer = forms.BooleanField(
        label="Mon organisation maintient ou fournit ce commun", required=False
    )
    distinct = forms.BooleanField(
        label="Ma proposition ne correspond à aucune des fiches existantes ci-dessus",
        required=False,
    )


class UsageForm(OrganisationChoiceMixin, BaseForm):
    organisation = forms.ChoiceField(label="Organisation qui l’utilise")
    since_year = forms.IntegerField(label="Utilisé depuis (année)", required=False)
    purpose = forms.CharField(
        label="Pour quoi faire", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    users_count = forms.IntegerField(label="Nombre d’utilisateurs ou d’agents", required=False)
    hosted_by = forms.CharField(label="Hébergé par", required=False, max_length=200)
    visibility = forms.ChoiceField(
        label="Visibilité de cet usage", choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    contactable = forms.BooleanField(
        label="Vous pouvez nous contacter à propos de cet usage", required=False, initial=True
    )

    FIELDS = ("since_year", "purpose", "users_count", "hosted_by", "visibility", "contactable")

    def data_for_service(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.FIELDS}


class ReportForm(OrganisationChoiceMixin, BaseForm):
    organisation = forms.ChoiceField(label="Au nom de")
    title = forms.CharField(label="Titre", max_length=200)
    context = forms.CharField(
        label="Contexte", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    problem = forms.CharField(
        label="Le problème à résoudre", widget=forms.Textarea(attrs={"rows": 4})
    )
    communs = forms.ModelMultipleChoiceField(
        label="Communs utilisés",
        required=False,
        queryset=Commun.objects.published(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    steps = forms.CharField(
        label="Étapes", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    duration = forms.CharField(label="Durée", required=False, max_length=100)
    budget_band = forms.ChoiceField(
        label="Budget", required=False, choices=[("", "Non précisé"), *BudgetBand.choices]
    )
    team = forms.CharField(label="Équipe", required=False, max_length=300)
    results = forms.CharField(
        label="Résultats, avec des chiffres",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    difficulties = forms.CharField(
        label="Difficultés", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    advice = forms.CharField(
        label="Conseils", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    axes = _axes_field("Axes de l’observatoire concernés")

    FIELDS = (
        "title",
        "context",
        "problem",
        "steps",
        "duration",
        "budget_band",
        "team",
        "results",
        "difficulties",
        "advice",
        "axes",
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organisation"]

    def data_for_service(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.FIELDS}


class CommentForm(BaseForm):
    comment = forms.CharField(
        label="Commentaire (le motif, pour un refus)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
    )


class MergeForm(BaseForm):
    duplicate = forms.SlugField(
        label="Identifiant de la fiche en double",
        help_text="La fin de son adresse : /communs/<identifiant>/.",
    )


class CoauthorForm(BaseForm):
    siren = forms.RegexField(
        label="SIREN de l’organisation co-autrice",
        regex=r"^\d{9}$",
        error_messages={"invalid": "Un SIREN compte 9 chiffres."},
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Rechercher un commun ou un retour d’expérience", required=False, max_length=200
    )


class ContactForm(BaseForm):
    body = forms.CharField(
        label="Votre message",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Votre adresse électronique ne sera communiquée qu’au destinataire, "
        "pour qu’il vous réponde directement.",
    )


class AbuseForm(BaseForm):
    reason = forms.CharField(
        label="Pourquoi ce message est-il abusif ?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2_000,
    )
