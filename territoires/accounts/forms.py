"""Forms of the account, organisation and staff pages (DSFR rendering)."""

from django import forms

from territoires.accounts.enums import REQUEST_WORKFLOW, OrganisationKind, Role
from territoires.core.forms import BaseForm


def clean_siren(value: str) -> str:
    value = value.replace(" ", "")
    if not (len(value) == 9 and value.isdigit()):
        raise forms.ValidationError("Le SIREN doit comporter 9 chiffres.")
    return value


class InvitationForm(BaseForm):
    # 254: the length of Invitation.email (a longer address would not fit in the column).
    email = forms.EmailField(
        label="Adresse électronique professionnelle",
        max_length=254,
        help_text="La personne rejoindra l’organisation à sa première connexion avec ProConnect.",
        error_messages={
            "required": "Indiquez l’adresse électronique de la personne à inviter.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@mairie.fr.",
            "max_length": "L’adresse électronique ne doit pas dépasser 254 caractères.",
        },
    )
    role = forms.ChoiceField(label="Rôle", choices=Role.choices, initial=Role.MEMBRE)


class RoleForm(BaseForm):
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)


class ActiveOrganisationForm(BaseForm):
    organisation = forms.TypedChoiceField(label="J’agis pour", coerce=int)

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            (membership.organisation_id, membership.organisation.name) for membership in memberships
        ]


class OrganisationForm(BaseForm):
    name = forms.CharField(label="Nom", max_length=200)
    kind = forms.ChoiceField(
        label="Type",
        choices=[c for c in OrganisationKind.choices if c[0] != OrganisationKind.COLLECTIVITE],
    )
    siren = forms.CharField(label="SIREN", help_text="9 chiffres.", max_length=11)

    def clean_siren(self):
        return clean_siren(self.cleaned_data["siren"])


class RequestDecisionForm(BaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[(move.slug, move.label) for move in REQUEST_WORKFLOW.transitions],
        widget=forms.RadioSelect,
    )
    organisation_name = forms.CharField(
        label="Nom de l’organisation à créer",
        help_text="Seulement si le SIREN n’est pas encore une organisation connue.",
        required=False,
        max_length=200,
    )
    organisation_kind = forms.ChoiceField(
        label="Type de l’organisation à créer",
        choices=[("", "—")]
        + [c for c in OrganisationKind.choices if c[0] != OrganisationKind.COLLECTIVITE],
        required=False,
    )
    comment = forms.CharField(
        label="Commentaire",
        help_text="Obligatoire en cas de refus : il est communiqué au demandeur.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, origin=None, **kwargs):
        """``origin`` (``selectors.RequestOrigin``): the request's known organisation, which
        needs no name, or the name to suggest and where it comes from."""
        super().__init__(*args, **kwargs)
        if origin is None:
            return
        if origin.organisation is not None:
            del self.fields["organisation_name"]
            del self.fields["organisation_kind"]
            return
        if origin.suggested_name:
            self.initial.setdefault("organisation_name", origin.suggested_name)
            hint = f"Pré-rempli d’après {origin.suggested_from} : vérifiez-le."
        else:
            hint = "Ce SIREN n’est ni dans le référentiel territorial ni une organisation connue."
        if origin.email_domain:
            hint += f" Domaine de l’adresse du demandeur : {origin.email_domain}."
        # The DSFR form has already bound its fields: the hint goes on the bound field.
        self["organisation_name"].help_text = hint


class DeleteAccountForm(BaseForm):
    confirm = forms.BooleanField(
        label="Je comprends que mon compte et mes données seront supprimés définitivement.",
        error_messages={"required": "Cochez la case pour confirmer la suppression."},
    )


class ReferentRequestForm(BaseForm):
    reason = forms.CharField(
        label="Pourquoi demandez-vous ce rôle ? (facultatif)",
        help_text="Par exemple : je pilote l’évaluation de la maturité numérique.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Le motif ne doit pas dépasser 1 000 caractères."},
    )


class ReferentDecisionForm(BaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[(move.slug, move.label) for move in REQUEST_WORKFLOW.transitions],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez d’accepter ou de refuser la demande."},
    )
    comment = forms.CharField(
        label="Commentaire",
        help_text="Obligatoire en cas de refus : il est montré au demandeur.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Le commentaire ne doit pas dépasser 1 000 caractères."},
    )
