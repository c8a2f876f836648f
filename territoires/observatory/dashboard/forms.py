"""The dashboards' forms: the choice of peers to compare with."""

from django import forms

from territoires.geo.models import Territory
from territoires.observatory.dashboard.selectors import (
    PeerGroup,
    PeerGroupKind,
    peer_group,
    peer_group_choices,
)


class PeerGroupForm(forms.Form):
    """The choice of peers; a population range needs a minimum, a maximum or both."""

    groupe = forms.ChoiceField(label="Se comparer avec", widget=forms.RadioSelect)
    population_min = forms.IntegerField(
        label="Population minimale",
        required=False,
        min_value=0,
        error_messages={
            "invalid": "Saisissez un nombre entier d’habitants, par exemple 2000.",
            "min_value": "La population ne peut pas être négative.",
        },
    )
    population_max = forms.IntegerField(
        label="Population maximale",
        required=False,
        min_value=0,
        error_messages={
            "invalid": "Saisissez un nombre entier d’habitants, par exemple 10000.",
            "min_value": "La population ne peut pas être négative.",
        },
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
        low, high = data.get("population_min"), data.get("population_max")
        if data.get("groupe") == PeerGroupKind.POPULATION and not self.errors:
            if low is None and high is None:
                raise forms.ValidationError(
                    "Indiquez une population minimale, une population maximale ou les deux."
                )
            if low is not None and high is not None and low > high:
                self.add_error(
                    "population_max",
                    "La population maximale doit être supérieure ou égale à la population "
                    "minimale.",
                )
        return data

    def peer_group(self) -> PeerGroup:
        """The chosen group (the form must be valid)."""
        data = self.cleaned_data
        return peer_group(
            self.territory,
            PeerGroupKind(data["groupe"]),
            population_min=data.get("population_min"),
            population_max=data.get("population_max"),
        )
