"""The agenda: events, their sessions, registrations, attendance and satisfaction.

An event's first start and last end are kept on the event itself (``starts_at``,
``ends_at``), written by the services from its sessions, so that the agenda filters and
orders events without a join. Every time is stored in UTC; ``time_zone`` is the zone of the
place, derived from its commune (``timezones.py``), in which times are entered and shown.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from territoires.core.workflows import TransitionLog
from territoires.events.enums import (
    EVENT_WORKFLOW,
    PUBLISHED_STATUSES,
    Audience,
    EventKind,
    EventStatus,
    HalfDay,
    RegistrationMode,
    RegistrationStatus,
)
from territoires.events.timezones import PARIS, in_zone


class EventQuerySet(models.QuerySet):
    def published(self):
        """On the agenda: published, rescheduled or cancelled (never deleted once published)."""
        return self.filter(status__in=PUBLISHED_STATUSES)

    def upcoming(self, *, now=None):
        """Not over yet."""
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, *, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def held_in(self, territory):
        """Held in ``territory``: its commune is, or is below, the territory."""
        return self.filter(
            Q(commune=territory)
            | Q(commune__region=territory)
            | Q(commune__departement=territory)
            | Q(commune__epci=territory)
        )

    def with_counts(self):
        """Each event with its numbers of confirmed and waiting registrations: a subquery per
        row fetched, so that counting a filtered agenda does not count every registration."""

        def count(status):
            registrations = (
                Registration.objects.filter(event=OuterRef("pk"), status=status)
                .order_by()
                .values("event")
                .annotate(total=Count("pk"))
                .values("total")
            )
            return Coalesce(Subquery(registrations), 0)

        return self.annotate(
            confirmed_count=count(RegistrationStatus.CONFIRMED),
            waiting_count=count(RegistrationStatus.WAITING),
        )


class Event(models.Model):
    """An event of the network's agenda."""

    workflow = EVENT_WORKFLOW

    title = models.CharField("titre", max_length=200)
    kind = models.CharField("type", max_length=20, choices=EventKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="events",
        verbose_name="organisation organisatrice",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="proposé par",
    )
    summary = models.CharField("résumé", max_length=300)
    description = models.TextField("description", blank=True)
    # Codes of the observatory's axes the event is about (validated by the services).
    themes = models.JSONField("thématiques", default=list, blank=True)
    venue = models.CharField("lieu", max_length=200, blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    commune = models.ForeignKey(
        "geo.Territory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    # Shown to registered people only (and to the organiser and staff).
    online_url = models.URLField("lien de connexion", max_length=500, blank=True)
    time_zone = models.CharField("fuseau horaire", max_length=40, default=PARIS)
    # Kinds of handicap the event is accessible to (enums.Accessibility).
    accessibility = models.JSONField("accessibilité", default=list, blank=True)
    accessibility_details = models.TextField("précisions sur l’accessibilité", blank=True)
    registration_mode = models.CharField(
        "inscription",
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.PLATFORM,
    )
    capacity = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    external_url = models.URLField("lien d’inscription", max_length=500, blank=True)
    registration_opens_at = models.DateTimeField(
        "ouverture des inscriptions", null=True, blank=True
    )
    registration_closes_at = models.DateTimeField("clôture des inscriptions", null=True, blank=True)
    audience = models.CharField(
        "public", max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        "état", max_length=20, choices=EventStatus.choices, default=EventStatus.PROPOSED
    )
    # The régions of an IntercoTOUR stage (the labels' regional pre-selection hangs on it).
    regions = models.ManyToManyField(
        "geo.Territory", related_name="+", blank=True, verbose_name="régions"
    )
    # First start and last end of the sessions, written by the services.
    starts_at = models.DateTimeField("début", db_index=True)
    ends_at = models.DateTimeField("fin", db_index=True)
    # Raised at each change of its dates or status, so that calendars replace their copy
    # (the SEQUENCE of its iCalendar entries).
    sequence = models.PositiveIntegerField("révision", default=0)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "ends_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED_STATUSES

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_overseas(self) -> bool:
        return self.time_zone != PARIS

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def is_in_person(self) -> bool:
        return self.commune_id is not None

    @property
    def takes_registrations(self) -> bool:
        return self.registration_mode == RegistrationMode.PLATFORM

    @property
    def is_training(self) -> bool:
        return self.kind == EventKind.TRAINING

    @property
    def is_over(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def local_start(self):
        """The start on the clock of the place, naive (for a template's date filter)."""
        return in_zone(self.starts_at, self.time_zone).replace(tzinfo=None)

    @property
    def local_closes(self):
        """The closing of registrations on the clock of the place, naive."""
        if self.registration_closes_at is None:
            return None
        return in_zone(self.registration_closes_at, self.time_zone).replace(tzinfo=None)

    def local(self, moment):
        """``moment`` in the event's own time zone."""
        return in_zone(moment, self.time_zone) if moment else None

    def wall_times(self) -> list[dict]:
        """Each session as wall-clock times of the place (naive: a template's date filter
        would turn an aware one into Paris time), with Paris time beside them overseas."""
        rows = []
        for session in self.sessions.all():
            row = {
                "start": in_zone(session.starts_at, self.time_zone).replace(tzinfo=None),
                "end": in_zone(session.ends_at, self.time_zone).replace(tzinfo=None),
            }
            if self.is_overseas:
                row["paris_start"] = in_zone(session.starts_at, PARIS).replace(tzinfo=None)
                row["paris_end"] = in_zone(session.ends_at, PARIS).replace(tzinfo=None)
            rows.append(row)
        return rows


class EventSession(models.Model):
    """One session of an event (the Forum has one a day)."""

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="sessions", verbose_name="événement"
    )
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")

    class Meta:
        verbose_name = "session"
        verbose_name_plural = "sessions"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_session_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.starts_at:%d/%m/%Y %H:%M}"


class EventTransition(TransitionLog):
    """One step of an event's workflow (a refusal's reason is its comment)."""

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="transitions", verbose_name="événement"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’un événement"
        verbose_name_plural = "étapes des événements"


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Confirmed or waiting: the person still means to come."""
        return self.filter(status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING))

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        """The waiting list, in the order people joined it."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    """A person's registration to an event: confirmed, on the waiting list, or cancelled.

    Anonymised some months after the event (``EVENTS_ANONYMISE_AFTER_MONTHS``): the person
    and their organisation are removed, the row stays for the event's figures.
    """

    event = models.ForeignKey(
        Event, models.PROTECT, related_name="registrations", verbose_name="événement"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name="personne",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation représentée",
    )
    status = models.CharField("état", max_length=12, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField("inscrite le", default=timezone.now)
    promoted_at = models.DateTimeField("sortie de la liste d’attente le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    # After the event: None until the organiser marks it.
    attended = models.BooleanField("présent", null=True, blank=True)
    reminder_sent_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    survey_sent_at = models.DateTimeField("questionnaire envoyé le", null=True, blank=True)
    anonymised_at = models.DateTimeField("anonymisée le", null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["confirmee", "attente"]),
                name="registration_one_active_per_person",
            )
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.user or 'personne anonymisée'} — {self.event}"


class AttendanceSignature(models.Model):
    """A trainee's signature of the attendance sheet for one half-day of a training."""

    registration = models.ForeignKey(
        Registration, models.CASCADE, related_name="signatures", verbose_name="inscription"
    )
    day = models.DateField("jour")
    half_day = models.CharField("demi-journée", max_length=12, choices=HalfDay.choices)
    # The signature drawn on the organiser's device, as SVG path data.
    signature = models.TextField("signature")
    signed_at = models.DateTimeField("signée le", default=timezone.now)

    class Meta:
        verbose_name = "signature de la feuille d’émargement"
        verbose_name_plural = "signatures des feuilles d’émargement"
        ordering = ["day", "half_day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day", "half_day"], name="attendance_signature_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} — {self.day:%d/%m/%Y} {self.get_half_day_display()}"


class SurveyResponse(models.Model):
    """A trainee's answer to the satisfaction survey sent after a training."""

    registration = models.OneToOneField(
        Registration, models.CASCADE, related_name="survey_response", verbose_name="inscription"
    )
    satisfaction = models.PositiveSmallIntegerField("satisfaction générale")
    usefulness = models.PositiveSmallIntegerField("utilité pour votre travail")
    comment = models.TextField("commentaire", blank=True)
    created_at = models.DateTimeField("répondu le", default=timezone.now)

    class Meta:
        verbose_name = "réponse au questionnaire de satisfaction"
        verbose_name_plural = "réponses aux questionnaires de satisfaction"
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5, usefulness__gte=1)
                & Q(usefulness__lte=5),
                name="survey_response_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} — {self.satisfaction}/5"


def feed_token_new() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret address of the iCalendar feed of their registrations; revoked by
    drawing a new token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="calendar_feed",
        verbose_name="personne",
    )
    token = models.CharField("jeton", max_length=64, unique=True, default=feed_token_new)
    created_at = models.DateTimeField("créé le", default=timezone.now)

    class Meta:
        verbose_name = "flux d’agenda personnel"
        verbose_name_plural = "flux d’agenda personnels"

    def __str__(self) -> str:
        return f"Flux de {self.user}"
