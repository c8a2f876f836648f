"""The dashboards' forms: the choice of peers to compare with."""

from django import forms

from territoires.geo.models import Territory
from territoires.observatory.dashboard.selectors import (
    PeerGroup,
    PeerGroupKind,
    peer_group,
    peer_group_choices,
    population_band_choices,
)


class PeerGroupForm(forms.Form):
    """The choice of peers among a fixed set of groups: a population range is one of the
    fixed bands, never free bounds (ADR 0009)."""

    groupe = forms.ChoiceField(label="Se comparer avec", widget=forms.RadioSelect)
    tranche = forms.TypedChoiceField(
        label="Tranche de population",
        required=False,
        coerce=int,
        choices=[("", "Choisissez une tranche"), *population_band_choices()],
        error_messages={"invalid_choice": "Choisissez une des tranches de population proposées."},
    )

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.fields["groupe"].choices = peer_group_choices(territory)
        self.fields["groupe"].error_messages["invalid_choice"] = (
            "Ce groupe de comparaison n’est pas proposé pour cette collectivité."
        )
        self.fields["groupe"].error_messages["required"] = "Choisissez un groupe de comparaison."

    def clean(self):
        data = super().clean()
        band = data.get("tranche")
        if (
            data.get("groupe") == PeerGroupKind.POPULATION
            and band in (None, "")
            and not self.errors
        ):
            self.add_error("tranche", "Choisissez une tranche de population.")
        return data

    def peer_group(self) -> PeerGroup:
        """The chosen group (the form must be valid)."""
        data = self.cleaned_data
        return peer_group(
            self.territory,
            PeerGroupKind(data["groupe"]),
            band=data.get("tranche"),
        )
