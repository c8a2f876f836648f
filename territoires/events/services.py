"""Writes of the agenda: events and their life, registrations and the waiting list,
attendance, the satisfaction survey, the personal feeds and the anonymisation.

Each service is one transaction, checks the actor's rights (``perms``) and refuses with a
French ``BusinessError`` that changes nothing. A registration locks its event's row first
(``select_for_update``: on PostgreSQL, concurrent registrations to one event queue behind
each other; SQLite takes its write lock at the start of the transaction), so the count of
confirmed seats it reads cannot change before it writes: capacity is never exceeded.
"""

import dataclasses
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from territoires.accounts.models import Organisation
from territoires.core.errors import BusinessError
from territoires.core.markdown import MARKDOWN_MAX_LENGTH
from territoires.core.workflows import transition_apply, transition_log_initial
from territoires.events import perms
from territoires.events.enums import (
    Accessibility,
    Audience,
    EventKind,
    EventStatus,
    HalfDay,
    RegistrationMode,
    RegistrationStatus,
)
from territoires.events.models import (
    AttendanceSignature,
    CalendarFeed,
    Event,
    EventSession,
    Registration,
    SurveyResponse,
)
from territoires.events.notifications import (
    decision_email_send,
    organiser_message_send,
    registration_email_send,
    survey_email_send,
)
from territoires.events.selectors import axis_names
from territoires.events.timezones import zone_for_commune
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory

COMMUNE_KINDS = (
    TerritoryKind.COMMUNE,
    TerritoryKind.ARRONDISSEMENT,
    TerritoryKind.COMMUNE_DELEGUEE,
    TerritoryKind.COMMUNE_ASSOCIEE,
)


@dataclasses.dataclass
class EventData:
    """What an organiser enters about an event; times are aware (the form reads them in the
    place's zone), the commune and the régions are INSEE codes."""

    title: str
    kind: str
    summary: str
    sessions: list[tuple[datetime, datetime]]
    description: str = ""
    themes: list[str] = dataclasses.field(default_factory=list)
    venue: str = ""
    address: str = ""
    commune_code: str = ""
    online_url: str = ""
    accessibility: list[str] = dataclasses.field(default_factory=list)
    accessibility_details: str = ""
    registration_mode: str = RegistrationMode.PLATFORM
    capacity: int | None = None
    external_url: str = ""
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    audience: str = Audience.PUBLIC
    region_codes: list[str] = dataclasses.field(default_factory=list)


def _refuse(field: str, message: str):
    raise BusinessError(message, errors={field: [message]})


def _validated(data: EventData) -> tuple[Territory | None, list[Territory]]:
    """Check every rule of an event's data; its commune and régions. Nothing is written."""
    if not data.title.strip():
        _refuse("title", "Donnez un titre à l’événement.")
    if data.kind not in EventKind.values:
        _refuse("kind", "Ce type d’événement n’existe pas.")
    if not data.summary.strip():
        _refuse("summary", "Résumez l’événement en quelques lignes.")
    if len(data.description) > MARKDOWN_MAX_LENGTH:
        _refuse(
            "description",
            f"La description dépasse {MARKDOWN_MAX_LENGTH} caractères.",
        )
    if not data.sessions:
        _refuse("sessions", "Indiquez au moins une session, avec son début et sa fin.")
    for start, end in data.sessions:
        if end <= start:
            _refuse("sessions", "La fin d’une session doit suivre son début.")
    unknown = sorted(set(data.themes) - set(axis_names()))
    if unknown:
        _refuse("themes", f"Thématique inconnue de l’observatoire : {', '.join(unknown)}.")
    if not set(data.accessibility) <= set(Accessibility.values):
        _refuse("accessibility", "Type de handicap inconnu.")
    commune = None
    if data.commune_code:
        commune = (
            Territory.objects.current()
            .filter(kind__in=COMMUNE_KINDS, code=data.commune_code.strip())
            .select_related("region", "departement")
            .first()
        )
        if commune is None:
            _refuse("commune_code", "Aucune commune de ce code dans le référentiel.")
    if commune is None and not data.online_url:
        _refuse("commune_code", "Indiquez la commune du lieu, ou un lien de connexion en ligne.")
    if commune is not None and not (data.venue.strip() or data.address.strip()):
        _refuse("address", "Indiquez le nom du lieu ou son adresse.")
    ends_at = max(end for _, end in data.sessions)
    if data.registration_mode not in RegistrationMode.values:
        _refuse("registration_mode", "Ce mode d’inscription n’existe pas.")
    if data.registration_mode == RegistrationMode.PLATFORM and (
        data.capacity is None or data.capacity <= 0
    ):
        _refuse("capacity", "Le nombre de places doit être d’au moins 1.")
    if data.registration_mode == RegistrationMode.EXTERNAL and not data.external_url:
        _refuse("external_url", "Indiquez le lien du site où l’on s’inscrit.")
    if data.registration_closes_at and data.registration_closes_at > ends_at:
        _refuse(
            "registration_closes_at",
            "La clôture des inscriptions ne peut pas suivre la fin de l’événement.",
        )
    if (
        data.registration_opens_at
        and data.registration_closes_at
        and data.registration_closes_at <= data.registration_opens_at
    ):
        _refuse(
            "registration_closes_at",
            "La clôture des inscriptions doit suivre leur ouverture.",
        )
    if data.audience not in Audience.values:
        _refuse("audience", "Ce public n’existe pas.")
    regions = list(Territory.objects.filter(kind=TerritoryKind.REGION, code__in=data.region_codes))
    if len(regions) != len(set(data.region_codes)):
        _refuse("region_codes", "Région inconnue du référentiel.")
    if regions and data.kind != EventKind.INTERCOTOUR:
        _refuse("region_codes", "Seule une étape de l’IntercoTOUR se rattache à des régions.")
    return commune, regions


def _fields(event: Event, data: EventData, commune: Territory | None) -> None:
    for name in (
        "title",
        "kind",
        "summary",
        "description",
        "themes",
        "venue",
        "address",
        "online_url",
        "accessibility",
        "accessibility_details",
        "registration_mode",
        "external_url",
        "registration_opens_at",
        "registration_closes_at",
        "audience",
    ):
        setattr(event, name, getattr(data, name))
    event.title, event.summary = data.title.strip(), data.summary.strip()
    event.capacity = data.capacity if data.registration_mode == RegistrationMode.PLATFORM else None
    event.commune = commune
    event.time_zone = zone_for_commune(commune.code if commune else None)
    event.starts_at = min(start for start, _ in data.sessions)
    event.ends_at = max(end for _, end in data.sessions)


def _sessions_write(event: Event, sessions: list[tuple[datetime, datetime]]) -> None:
    """Replace the event's sessions, in place by rank (their calendar UIDs stay)."""
    existing = list(event.sessions.order_by("starts_at", "pk"))
    for rank, (start, end) in enumerate(sorted(sessions)):
        if rank < len(existing):
            session = existing[rank]
            session.starts_at, session.ends_at = start, end
            session.save(update_fields=["starts_at", "ends_at"])
        else:
            EventSession.objects.create(event=event, starts_at=start, ends_at=end)
    EventSession.objects.filter(
        pk__in=[session.pk for session in existing[len(sessions) :]]
    ).delete()


def event_create(*, actor, organisation: Organisation, data: EventData) -> Event:
    """Propose an event for an organisation (its members), or publish it directly (staff)."""
    with transaction.atomic(durable=True):
        if not perms.can_propose(actor, organisation):
            raise BusinessError(perms.MEMBERS_ONLY, status=403)
        commune, regions = _validated(data)
        staff = actor.is_staff
        event = Event(
            organisation=organisation,
            created_by=actor,
            status=EventStatus.SCHEDULED if staff else EventStatus.PROPOSED,
        )
        _fields(event, data, commune)
        event.save()
        event.regions.set(regions)
        _sessions_write(event, data.sessions)
        transition_log_initial(
            obj=event,
            actor=actor,
            comment="Publié directement par l’équipe du réseau." if staff else "",
        )
    return event


def event_update(*, actor, event: Event, data: EventData) -> Event:
    """Change an event's details; a published event's dates change only by rescheduling.

    Raising the capacity promotes from the waiting list; it never falls below the seats
    already confirmed.
    """
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=event.pk)
        perms.event_rights(actor, event).require("can_manage", perms.ORGANISERS_ONLY)
        commune, regions = _validated(data)
        if event.is_published:
            current = [(s.starts_at, s.ends_at) for s in event.sessions.order_by("starts_at")]
            if sorted(data.sessions) != current:
                _refuse("sessions", "Pour changer les dates d’un événement publié, reportez-le.")
        confirmed = event.registrations.confirmed().count()
        if data.registration_mode == RegistrationMode.PLATFORM and data.capacity < confirmed:
            _refuse(
                "capacity",
                f"Le nombre de places ne peut pas descendre sous celui des inscrits confirmés "
                f"({confirmed}).",
            )
        if data.registration_mode != RegistrationMode.PLATFORM and event.registrations.active():
            _refuse(
                "registration_mode",
                "Des personnes sont inscrites : l’inscription reste sur la plateforme.",
            )
        _fields(event, data, commune)
        event.save()
        event.regions.set(regions)
        _sessions_write(event, data.sessions)
        _waiting_list_promote(event)
    return event


def event_publish(*, actor, event: Event) -> Event:
    with transaction.atomic(durable=True):
        perms.event_rights(actor, event).require("can_moderate", perms.STAFF_ONLY)
        transition_apply(obj=event, name="publish", actor=actor)
        decision_email_send(event=event)
    return event


def event_refuse(*, actor, event: Event, reason: str) -> Event:
    reason = reason.strip()
    if not reason:
        _refuse("reason", "Donnez le motif du refus : l’organisateur le recevra.")
    with transaction.atomic(durable=True):
        perms.event_rights(actor, event).require("can_moderate", perms.STAFF_ONLY)
        transition_apply(obj=event, name="refuse", actor=actor, comment=reason)
        decision_email_send(event=event, reason=reason)
    return event


def _registrants_notify(event: Event, template: str) -> int:
    count = 0
    for registration in event.registrations.active().select_related("user"):
        count += registration_email_send(registration=registration, template=template) is not None
    return count


def event_reschedule(
    *, actor, event: Event, sessions: list[tuple[datetime, datetime]], comment: str = ""
) -> Event:
    """Move a published event to new dates; every registrant is told, with the new ``.ics``."""
    if not sessions:
        _refuse("sessions", "Indiquez au moins une session, avec son début et sa fin.")
    for start, end in sessions:
        if end <= start:
            _refuse("sessions", "La fin d’une session doit suivre son début.")
    with transaction.atomic(durable=True):
        perms.event_rights(actor, event).require("can_manage", perms.ORGANISERS_ONLY)
        transition_apply(obj=event, name="reschedule", actor=actor, comment=comment)
        _sessions_write(event, sessions)
        event.starts_at = min(start for start, _ in sessions)
        event.ends_at = max(end for _, end in sessions)
        if event.registration_closes_at and event.registration_closes_at > event.ends_at:
            event.registration_closes_at = event.ends_at
        event.sequence += 1
        event.save(update_fields=["starts_at", "ends_at", "registration_closes_at", "sequence"])
        # Reminders go again before the new date.
        event.registrations.update(reminder_sent_at=None)
        _registrants_notify(event, "rescheduled")
    return event


def event_cancel(*, actor, event: Event, reason: str = "") -> Event:
    """Cancel a published event: its page stays, marked cancelled; every registrant is told."""
    with transaction.atomic(durable=True):
        perms.event_rights(actor, event).require("can_manage", perms.ORGANISERS_ONLY)
        transition_apply(obj=event, name="cancel", actor=actor, comment=reason.strip())
        event.sequence += 1
        event.save(update_fields=["sequence"])
        _registrants_notify(event, "cancelled")
    return event


def registration_open_check(event: Event, now: datetime) -> None:
    """Refuse, with the reason in French, when the event takes no registration now."""
    if not event.is_published or event.is_cancelled:
        raise BusinessError(
            "Cet événement est annulé : il ne prend plus d’inscription."
            if event.is_cancelled
            else "Cet événement n’est pas publié.",
            status=409,
        )
    if event.registration_mode != RegistrationMode.PLATFORM:
        raise BusinessError(
            "Cet événement ne prend pas d’inscription sur la plateforme.", status=409
        )
    if event.ends_at <= now:
        raise BusinessError("Cet événement est terminé.", status=409)
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = event.local(event.registration_opens_at)
        raise BusinessError(f"Les inscriptions ouvrent le {opens:%d/%m/%Y à %H:%M}.", status=409)
    if event.registration_closes_at and now >= event.registration_closes_at:
        raise BusinessError("Les inscriptions sont closes.", status=409)


def registration_create(
    *, actor, event: Event, organisation: Organisation | None = None
) -> Registration:
    """Register ``actor``: a confirmed seat while there is one, else the waiting list.

    ``organisation``: the one they represent, among theirs. The e-mail (with the ``.ics`` for
    a seat) leaves after the commit.
    """
    if not (actor.is_authenticated and actor.is_active):
        raise BusinessError(perms.SIGN_IN_FIRST, status=403)
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=event.pk)
        rights = perms.event_rights(actor, event)
        if not rights.can_view:
            raise BusinessError("Cet événement n’est pas publié.", status=404)
        registration_open_check(event, timezone.now())
        rights.require("can_register", perms.AGENTS_ONLY)
        if rights.registration is not None:
            raise BusinessError("Vous êtes déjà inscrit à cet événement.", status=409)
        if organisation is not None and not organisation.memberships.filter(user=actor).exists():
            _refuse(
                "organisation", "Vous ne représentez que les organisations dont vous êtes membre."
            )
        full = event.registrations.confirmed().count() >= event.capacity
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    user=actor,
                    organisation=organisation,
                    status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
                )
        except IntegrityError as error:
            raise BusinessError("Vous êtes déjà inscrit à cet événement.", status=409) from error
        registration_email_send(
            registration=registration, template="waiting" if full else "confirmed"
        )
    return registration


def _waiting_list_promote(event: Event) -> list[Registration]:
    """Give the free seats to the waiting list, in order (event row locked by the caller)."""
    if event.is_cancelled or event.capacity is None or event.starts_at <= timezone.now():
        return []
    free = event.capacity - event.registrations.confirmed().count()
    promoted = list(event.registrations.waiting().select_related("user")[: max(free, 0)])
    now = timezone.now()
    for registration in promoted:
        registration.status, registration.promoted_at = RegistrationStatus.CONFIRMED, now
        registration.save(update_fields=["status", "promoted_at"])
        registration_email_send(registration=registration, template="promoted")
    return promoted


def registration_cancel(*, actor, registration: Registration) -> Registration:
    """Cancel a registration (its person, from their account or the e-mail's signed link);
    a freed seat goes to the first on the waiting list, who is told by e-mail."""
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.user_id is None or registration.user_id != actor.pk:
            raise BusinessError("Cette inscription n’est pas la vôtre.", status=403)
        if registration.status == RegistrationStatus.CANCELLED:
            raise BusinessError("Cette inscription est déjà annulée.", status=409)
        if event.ends_at <= timezone.now():
            raise BusinessError("Cet événement est terminé.", status=409)
        _registration_cancel_locked(event, registration)
    return registration


def _registration_cancel_locked(event: Event, registration: Registration) -> None:
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    _waiting_list_promote(event)


def registrants_message(*, actor, event: Event, subject: str, body: str) -> int:
    """E-mail every registrant (confirmed and waiting) from the organiser; how many."""
    subject, body = subject.strip(), body.strip()
    if not subject:
        _refuse("subject", "Donnez un objet au message.")
    if not body:
        _refuse("body", "Écrivez le message.")
    with transaction.atomic(durable=True):
        perms.event_rights(actor, event).require("can_manage", perms.ORGANISERS_ONLY)
        count = 0
        for registration in event.registrations.active().select_related("user", "event"):
            sent = organiser_message_send(
                registration=registration, subject=subject, body=body, sender=actor
            )
            count += sent is not None
    return count


def attendance_mark(*, actor, event: Event, present: set[int]) -> int:
    """After the start: mark each confirmed registrant present (``present``: registration ids)
    or absent. Returns how many were present."""
    with transaction.atomic(durable=True):
        perms.event_rights(actor, event).require("can_manage", perms.ORGANISERS_ONLY)
        if event.starts_at > timezone.now():
            raise BusinessError("La présence se note une fois l’événement commencé.", status=409)
        confirmed = event.registrations.confirmed()
        unknown = present - set(confirmed.values_list("pk", flat=True))
        if unknown:
            raise BusinessError("Seuls les inscrits confirmés peuvent être notés présents.")
        confirmed.filter(pk__in=present).update(attended=True)
        confirmed.exclude(pk__in=present).update(attended=False)
    return len(present)


def attendance_sign(
    *, actor, registration: Registration, day: date, half_day: str, signature: str
) -> AttendanceSignature:
    """A trainee signs the sheet of a half-day of a training on the organiser's device."""
    event = registration.event
    with transaction.atomic(durable=True):
        perms.event_rights(actor, event).require("can_manage", perms.ORGANISERS_ONLY)
        if event.kind != EventKind.TRAINING:
            raise BusinessError("Seules les formations ont une feuille d’émargement.", status=409)
        if registration.status != RegistrationStatus.CONFIRMED:
            raise BusinessError("Seuls les inscrits confirmés signent la feuille.", status=409)
        if half_day not in HalfDay.values:
            _refuse("half_day", "Demi-journée inconnue.")
        days = {event.local(session.starts_at).date() for session in event.sessions.all()}
        if day not in days:
            _refuse("day", "La formation n’a pas lieu ce jour-là.")
        if not signature.strip():
            _refuse("signature", "Signez dans le cadre avant de valider.")
        try:
            with transaction.atomic():
                signed = AttendanceSignature.objects.create(
                    registration=registration, day=day, half_day=half_day, signature=signature
                )
        except IntegrityError as error:
            raise BusinessError("Cette demi-journée est déjà signée.", status=409) from error
        registration.attended = True
        registration.save(update_fields=["attended"])
    return signed


def survey_answer(
    *, registration: Registration, satisfaction: int, usefulness: int, comment: str = ""
) -> SurveyResponse:
    """The trainee's answer to the satisfaction survey, once (reached by the e-mail's link)."""
    for field, value in (("satisfaction", satisfaction), ("usefulness", usefulness)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            _refuse(field, "Choisissez une note de 1 à 5.")
    with transaction.atomic(durable=True):
        if registration.survey_sent_at is None:
            raise BusinessError("Le questionnaire de cette formation n’est pas ouvert.", status=409)
        try:
            with transaction.atomic():
                return SurveyResponse.objects.create(
                    registration=registration,
                    satisfaction=satisfaction,
                    usefulness=usefulness,
                    comment=comment.strip(),
                )
        except IntegrityError as error:
            raise BusinessError("Vous avez déjà répondu à ce questionnaire.", status=409) from error


def calendar_feed_renew(*, user) -> CalendarFeed:
    """Give the person a new secret feed address; the old one answers 404 from now on."""
    with transaction.atomic(durable=True):
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = CalendarFeed._meta.get_field("token").default()
            feed.created_at = timezone.now()
            feed.save(update_fields=["token", "created_at"])
    return feed


# The jobs' work (tasks.py and the commands run them): idempotent, each row marked when done.


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind the confirmed registrants of the events starting in the next 24 hours."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status__in=(EventStatus.SCHEDULED, EventStatus.RESCHEDULED),
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(days=1),
    )
    return _each_once(
        due,
        "reminder_sent_at",
        now,
        lambda registration: registration_email_send(
            registration=registration, template="reminder"
        ),
    )


def surveys_send(*, now: datetime | None = None) -> int:
    """Send the satisfaction survey to the trainees of the trainings ended in the last week
    (not those marked absent)."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        Q(attended=True) | Q(attended__isnull=True),
        status=RegistrationStatus.CONFIRMED,
        survey_sent_at__isnull=True,
        user__isnull=False,
        event__kind=EventKind.TRAINING,
        event__status__in=(EventStatus.SCHEDULED, EventStatus.RESCHEDULED),
        event__ends_at__lte=now,
        event__ends_at__gt=now - timedelta(days=7),
    )
    return _each_once(
        due,
        "survey_sent_at",
        now,
        lambda registration: survey_email_send(registration=registration),
    )


def _each_once(due, stamp: str, now: datetime, send) -> int:
    """Send each due registration its e-mail once: the row locked, stamped (``stamp``, a
    date field empty until sent) and mailed in one transaction, so that two runs of a job
    never mail a person twice. How many e-mails were written."""
    count = 0
    for registration_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(of=("self",))
                .select_related("event", "user")
                .filter(pk=registration_id, **{f"{stamp}__isnull": True})
                .first()
            )
            if registration is None:
                continue
            setattr(registration, stamp, now)
            registration.save(update_fields=[stamp])
            count += send(registration) is not None
    return count


def months_before(moment: datetime, months: int) -> datetime:
    """The same day ``months`` months earlier (the last day of a shorter month)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def _anonymise(registrations) -> int:
    ids = list(registrations.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    AttendanceSignature.objects.filter(registration_id__in=ids).update(signature="")
    return Registration.objects.filter(pk__in=ids).update(
        user=None, organisation=None, anonymised_at=timezone.now()
    )


def registrations_anonymise(*, now: datetime | None = None) -> int:
    """Remove the person from every registration to an event ended more than
    ``EVENTS_ANONYMISE_AFTER_MONTHS`` months ago (the row stays for the event's figures)."""
    cutoff = months_before(now or timezone.now(), settings.EVENTS_ANONYMISE_AFTER_MONTHS)
    with transaction.atomic():
        return _anonymise(Registration.objects.filter(event__ends_at__lt=cutoff))


def user_registrations_erase(user) -> None:
    """At the deletion of an account (the personal data holder of core.personal_data): its
    seats at events to come are freed for the waiting list, then every registration of the
    person is anonymised."""
    upcoming = Registration.objects.active().filter(user=user, event__ends_at__gt=timezone.now())
    for registration in upcoming:
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        _registration_cancel_locked(event, registration)
    _anonymise(Registration.objects.filter(user=user))
