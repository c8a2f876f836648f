"""The agenda's forms: an event (times typed in the place's own zone), its filters, the
moderation and the registrants' pages."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date, parse_datetime

from territoires.core.forms import BaseForm
from territoires.events.enums import Accessibility, Audience, EventKind, HalfDay, RegistrationMode
from territoires.events.selectors import EventFilters, axis_names
from territoires.events.services import EventData
from territoires.events.timezones import local_to_utc, wall_time_exists, zone_for_commune
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory

SESSION_ROWS = 3
WALL_TIME_FORMAT = "%Y-%m-%dT%H:%M"


class WallTimeField(forms.DateTimeField):
    """A wall-clock time of the event's place, kept naive: the form reads it in the zone of
    the commune typed beside it (Django's own field would read it in Paris time)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=WALL_TIME_FORMAT)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        try:
            parsed = parse_datetime(str(value).strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError("Saisissez une date et une heure valides.", code="invalid")
        return parsed.replace(tzinfo=None)


def _regions():
    return Territory.objects.filter(kind=TerritoryKind.REGION, is_current=True).order_by("name")


class WallTimesForm(BaseForm):
    """A form whose times are typed on the clock of the event's place (``zone()``) and read
    as UTC; a time skipped at the spring change is refused. Its sessions are the fields
    ``session_<rank>_start`` and ``session_<rank>_end``."""

    def zone(self) -> str:
        raise NotImplementedError

    def _session_fields(self, start_label: str, end_label: str) -> None:
        for rank in range(1, SESSION_ROWS + 1):
            required = rank == 1
            self.fields[f"session_{rank}_start"] = WallTimeField(
                label=f"Session {rank} : {start_label}", required=required
            )
            self.fields[f"session_{rank}_end"] = WallTimeField(
                label=f"Session {rank} : {end_label}", required=required
            )

    def clean(self):
        cleaned = super().clean()
        zone = self.zone()
        for name, value in list(cleaned.items()):
            if isinstance(value, datetime):
                if not wall_time_exists(value, zone):
                    self.add_error(
                        name, "Cette heure n’existe pas ce jour-là (passage à l’heure d’été)."
                    )
                else:
                    cleaned[name] = local_to_utc(value, zone)
        for rank in range(2, SESSION_ROWS + 1):
            start = cleaned.get(f"session_{rank}_start")
            end = cleaned.get(f"session_{rank}_end")
            if bool(start) != bool(end):
                self.add_error(f"session_{rank}_end", "Une session a un début et une fin.")
        return cleaned

    def sessions(self) -> list:
        rows = []
        for rank in range(1, SESSION_ROWS + 1):
            start = self.cleaned_data.get(f"session_{rank}_start")
            end = self.cleaned_data.get(f"session_{rank}_end")
            if start and end:
                rows.append((start, end))
        return rows


class EventForm(WallTimesForm):
    title = forms.CharField(label="Titre", max_length=200)
    kind = forms.ChoiceField(label="Type d’événement", choices=EventKind.choices)
    organisation = forms.ModelChoiceField(label="Organisation organisatrice", queryset=None)
    summary = forms.CharField(
        label="Résumé",
        max_length=300,
        help_text="Quelques lignes, affichées dans l’agenda (300 caractères au plus).",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label="Description",
        required=False,
        help_text="Programme, intervenants… Mise en forme Markdown : **gras**, listes, liens.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    themes = forms.MultipleChoiceField(
        label="Thématiques (axes de l’observatoire)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    venue = forms.CharField(label="Nom du lieu", max_length=200, required=False)
    address = forms.CharField(label="Adresse", max_length=300, required=False)
    commune_code = forms.CharField(
        label="Code INSEE de la commune",
        max_length=5,
        required=False,
        help_text="Par exemple 75056 pour Paris, 97411 pour Saint-Denis (La Réunion). Les "
        "heures se saisissent à l’heure de cette commune ; sans commune, à l’heure de Paris.",
    )
    online_url = forms.URLField(
        label="Lien de connexion (événement en ligne)",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Montré aux seuls inscrits.",
    )
    accessibility = forms.MultipleChoiceField(
        label="Accessible aux personnes en situation de",
        choices=Accessibility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility_details = forms.CharField(
        label="Précisions sur l’accessibilité",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    registration_mode = forms.ChoiceField(
        label="Inscription", choices=RegistrationMode.choices, widget=forms.RadioSelect
    )
    capacity = forms.IntegerField(
        label="Nombre de places",
        required=False,
        help_text="Pour une inscription sur la plateforme ; au-delà, une liste d’attente.",
    )
    external_url = forms.URLField(
        label="Lien d’inscription sur un autre site",
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    registration_opens_at = WallTimeField(label="Ouverture des inscriptions", required=False)
    registration_closes_at = WallTimeField(label="Clôture des inscriptions", required=False)
    audience = forms.ChoiceField(label="Public", choices=Audience.choices, widget=forms.RadioSelect)
    regions = forms.MultipleChoiceField(
        label="Régions de l’étape (IntercoTOUR)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["themes"].choices = list(axis_names().items())
        self.fields["regions"].choices = [(region.code, region.name) for region in _regions()]
        self._session_fields("début", "fin")

    def zone(self) -> str:
        return zone_for_commune((self.cleaned_data.get("commune_code") or "").strip())

    def data_for_service(self) -> EventData:
        data = self.cleaned_data
        return EventData(
            title=data["title"],
            kind=data["kind"],
            summary=data["summary"],
            sessions=self.sessions(),
            description=data["description"],
            themes=data["themes"],
            venue=data["venue"],
            address=data["address"],
            commune_code=data["commune_code"].strip(),
            online_url=data["online_url"],
            accessibility=data["accessibility"],
            accessibility_details=data["accessibility_details"],
            registration_mode=data["registration_mode"],
            capacity=data["capacity"],
            external_url=data["external_url"],
            registration_opens_at=data["registration_opens_at"],
            registration_closes_at=data["registration_closes_at"],
            audience=data["audience"],
            region_codes=data["regions"],
        )


def event_initial(event) -> dict:
    """The form's initial values for an existing event, times on the place's clock."""

    def wall(moment):
        return event.local(moment).replace(tzinfo=None) if moment else None

    initial = {
        "title": event.title,
        "kind": event.kind,
        "organisation": event.organisation_id,
        "summary": event.summary,
        "description": event.description,
        "themes": event.themes,
        "venue": event.venue,
        "address": event.address,
        "commune_code": event.commune.code if event.commune_id else "",
        "online_url": event.online_url,
        "accessibility": event.accessibility,
        "accessibility_details": event.accessibility_details,
        "registration_mode": event.registration_mode,
        "capacity": event.capacity,
        "external_url": event.external_url,
        "registration_opens_at": wall(event.registration_opens_at),
        "registration_closes_at": wall(event.registration_closes_at),
        "audience": event.audience,
        "regions": [region.code for region in event.regions.all()],
    }
    for rank, session in enumerate(event.sessions.all(), start=1):
        initial[f"session_{rank}_start"] = wall(session.starts_at)
        initial[f"session_{rank}_end"] = wall(session.ends_at)
    return initial


class RescheduleForm(WallTimesForm):
    """The new dates of an event, on the place's clock."""

    comment = forms.CharField(
        label="Message aux inscrits (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._place_zone = zone
        self._session_fields("nouveau début", "nouvelle fin")

    def zone(self) -> str:
        return self._place_zone


class ReasonForm(BaseForm):
    reason = forms.CharField(
        label="Motif",
        help_text="Il est envoyé à l’organisateur et conservé dans l’historique.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class MessageForm(BaseForm):
    subject = forms.CharField(label="Objet", max_length=150)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 8}))


class SurveyForm(BaseForm):
    SCORES = [(score, str(score)) for score in range(1, 6)]
    satisfaction = forms.TypedChoiceField(
        label="Dans l’ensemble, êtes-vous satisfait de la formation ? (1 : pas du tout, 5 : "
        "tout à fait)",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label="La formation vous sera-t-elle utile dans votre travail ? (1 : pas du tout, 5 : "
        "tout à fait)",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Commentaire (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class SignatureForm(BaseForm):
    day = forms.DateField(label="Jour", widget=forms.HiddenInput)
    half_day = forms.ChoiceField(
        label="Demi-journée", choices=HalfDay.choices, widget=forms.HiddenInput
    )
    signature = forms.CharField(
        label="Signature",
        help_text="Signez dans le cadre au doigt, au stylet ou à la souris ; sans le cadre, "
        "tapez votre nom complet.",
        max_length=20000,
    )


def filters_from(query) -> tuple[EventFilters, list[str]]:
    """The agenda's filters from a query string; unknown values are dropped with a message
    (the page still answers)."""
    errors = []

    def one(name, allowed=None):
        value = (query.get(name) or "").strip()
        if value and allowed is not None and value not in allowed:
            errors.append(f"Valeur inconnue pour « {name} » : elle est ignorée.")
            return ""
        return value

    def day(name):
        value = (query.get(name) or "").strip()
        if not value:
            return None
        try:
            parsed = parse_date(value)
        except ValueError:
            parsed = None
        if parsed is None:
            errors.append(
                f"Date invalide pour « {name} » (attendu : AAAA-MM-JJ) : elle est ignorée."
            )
        return parsed

    online = one("en_ligne", {"oui", "non"})
    filters = EventFilters(
        kind=one("type", set(EventKind.values)),
        region=one("region")[:3],
        departement=one("departement")[:3],
        theme=one("thematique", set(axis_names())),
        start=day("du"),
        end=day("au"),
        online={"oui": True, "non": False}.get(online),
    )
    return filters, errors


def filter_choices() -> dict:
    """The values the agenda's filters offer (the page writes its selects itself: a widget
    template per option would cost more than the rest of the page)."""
    return {
        "kinds": EventKind.choices,
        "regions": [(region.code, region.name) for region in _regions()],
        "departements": [
            (departement.code, f"{departement.name} ({departement.code})")
            for departement in Territory.objects.filter(
                kind=TerritoryKind.DEPARTEMENT, is_current=True
            ).order_by("code")
        ],
        "themes": list(axis_names().items()),
        "formats": [("oui", "En ligne"), ("non", "Sur place")],
    }
