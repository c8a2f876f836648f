"""The agenda's pages: the agenda and its calendar, an event, registration, the organiser's
pages (registrants, attendance, training sheets and certificates, survey results), the
moderation, and the calendar files."""

import calendar
import json
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from territoires.accounts.models import Organisation
from territoires.core.access import staff_required
from territoires.core.errors import BusinessError, refusal_show
from territoires.core.opendata import download_response
from territoires.core.workflows import transition_history
from territoires.events import perms, services
from territoires.events.certificates import certificate_pdf
from territoires.events.enums import (
    EVENT_WORKFLOW,
    EventKind,
    EventStatus,
    HalfDay,
    RegistrationStatus,
)
from territoires.events.forms import (
    EventForm,
    MessageForm,
    ReasonForm,
    RescheduleForm,
    SignatureForm,
    SurveyForm,
    event_initial,
    filter_choices,
    filters_from,
)
from territoires.events.links import CANCEL, SURVEY, registration_from_token
from territoires.events.models import CalendarFeed, Event, Registration, SurveyResponse
from territoires.events.selectors import (
    agenda_events,
    axis_names,
    calendar_bounds,
    event_jsonld,
    event_location,
    event_registrants,
    events_ics,
    events_in_month,
)

PAGE_SIZE = 20
FEED_LIMIT = 1000
# Survey results are shown to the organiser from this many answers (fewer could identify).
SURVEY_MIN_ANSWERS = 5
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _agenda_link() -> dict:
    return {"url": reverse("events:agenda"), "title": "Agenda"}


def _ics_response(text: str, file_name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


# ------------------------------------------------------------------ the agenda


@require_GET
def agenda(request):
    """Upcoming events, filtered by type, région, département, theme, dates and format."""
    filters, errors = filters_from(request.GET)
    for error in errors:
        messages.warning(request, error)
    past = request.GET.get("periode") == "passes"
    events = agenda_events(filters, past=past)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/agenda.html",
        {
            "page": page,
            "choices": filter_choices(),
            "chosen": request.GET,
            "query": query.urlencode(),
            "past": past,
            "breadcrumb": {"current": "Agenda"},
        },
    )


def _month_of(request) -> date:
    value = request.GET.get("mois", "")
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        if value:
            messages.warning(request, "Mois invalide (attendu : AAAA-MM) : voici le mois en cours.")
        return timezone.localdate().replace(day=1)


@require_GET
def month_calendar(request):
    """A month as an accessible table: a row per week, a column per day, the events of each
    day in its cell (Paris time)."""
    first = _month_of(request)
    events = events_in_month(first.year, first.month)
    by_day: dict[date, list] = {}
    paris = timezone.get_default_timezone()
    for event in events:
        for session in event.sessions.all():
            day = timezone.localtime(session.starts_at, paris).date()
            if day.month == first.month and event not in by_day.setdefault(day, []):
                by_day[day].append(event)
    weeks = [
        [(day, by_day.get(day, [])) if day.month == first.month else (None, []) for day in week]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    # Links to the months around today and those with events, no further: a walk of the
    # site's links ends.
    this_month = timezone.localdate().replace(day=1)
    first_month, last_month = calendar_bounds() or (this_month, this_month)
    return render(
        request,
        "events/calendar.html",
        {
            "weeks": weeks,
            "title": f"{MONTHS[first.month - 1]} {first.year}",
            "previous": previous if previous >= min(first_month, this_month) else None,
            "previous_title": f"{MONTHS[previous.month - 1]} {previous.year}",
            "following": following if following <= max(last_month, this_month) else None,
            "following_title": f"{MONTHS[following.month - 1]} {following.year}",
            "today": timezone.localdate(),
            "weekdays": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
            "breadcrumb": {"links": [_agenda_link()], "current": "Calendrier"},
        },
    )


@require_GET
def feed_ics(request):
    """The agenda (with the page's filters) as an iCalendar feed."""
    filters, _ = filters_from(request.GET)
    events = agenda_events(filters).order_by("starts_at", "pk")[:FEED_LIMIT]
    ids = list(events.values_list("pk", flat=True))
    return _ics_response(
        events_ics(
            Event.objects.filter(pk__in=ids).order_by("starts_at", "pk"), name="Agenda du réseau"
        ),
        "agenda.ics",
    )


# ------------------------------------------------------------------ an event


def _event_for(request, pk: int) -> tuple[Event, perms.EventRights]:
    """The event and the user's rights, if they may see it; 404 otherwise (nothing leaks)."""
    event = get_object_or_404(
        Event.objects.select_related(
            "organisation", "commune", "commune__region", "commune__departement"
        ),
        pk=pk,
    )
    rights = perms.event_rights(request.user, event)
    if not rights.can_view:
        raise Http404("Événement introuvable.")
    return event, rights


def _manager_of(rights: perms.EventRights) -> None:
    if not rights.can_manage:
        raise PermissionDenied(perms.ORGANISERS_ONLY)


def _event_breadcrumb(event: Event, current: str) -> dict:
    return {
        "links": [_agenda_link(), {"url": event.get_absolute_url(), "title": event.title}],
        "current": current,
    }


def _jsonld_script(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False)
    for character, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escape)
    return mark_safe(text)


@require_GET
def detail(request, pk: int):
    event, rights = _event_for(request, pk)
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )
    full = event.capacity is not None and counts["confirmed"] >= event.capacity
    organisations = (
        Organisation.objects.filter(memberships__user=request.user).order_by("name")
        if request.user.is_authenticated
        else Organisation.objects.none()
    )
    themes = axis_names()
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "rights": rights,
            "sessions": event.wall_times(),
            "location": event_location(event),
            "themes": [themes.get(code, code) for code in event.themes],
            "regions": event.regions.order_by("name"),
            "counts": counts,
            "full": full,
            "seats_left": max((event.capacity or 0) - counts["confirmed"], 0),
            "organisations": organisations,
            "registration_open": _registration_open(event),
            "moves": EVENT_WORKFLOW.available(event.status) if rights.can_manage else [],
            "history": transition_history(event) if rights.can_manage else [],
            "jsonld": _jsonld_script(event_jsonld(event, confirmed_count=counts["confirmed"]))
            if event.is_published
            else "",
            "breadcrumb": {"links": [_agenda_link()], "current": event.title},
        },
    )


def _registration_open(event: Event) -> str:
    """Why one cannot register now ("" when one can)."""
    try:
        services.registration_open_check(event, timezone.now())
    except BusinessError as error:
        return error.message
    return ""


@require_GET
def event_ics(request, pk: int):
    """« Ajouter à mon agenda »: the event as an .ics file."""
    event, _ = _event_for(request, pk)
    return _ics_response(
        events_ics(Event.objects.filter(pk=event.pk), name=event.title),
        f"evenement-{event.pk}.ics",
    )


@require_POST
def register(request, pk: int):
    event, _ = _event_for(request, pk)
    if not request.user.is_authenticated:
        messages.error(request, perms.SIGN_IN_FIRST)
        return redirect(f"{reverse('accounts:login')}?next={event.get_absolute_url()}")
    organisation = None
    organisation_id = request.POST.get("organisation", "")
    if organisation_id:
        organisation = Organisation.objects.filter(
            pk=int(organisation_id) if organisation_id.isdigit() else 0,
            memberships__user=request.user,
        ).first()
        if organisation is None:
            messages.error(
                request, "Vous ne représentez que les organisations dont vous êtes membre."
            )
            return redirect(event)
    try:
        registration = services.registration_create(
            actor=request.user, event=event, organisation=organisation
        )
    except BusinessError as error:
        refusal_show(request, error)
    else:
        if registration.status == "confirmee":
            messages.success(
                request,
                "Votre inscription est confirmée ; un courriel de confirmation vous est envoyé, "
                "avec l’événement à ajouter à votre agenda.",
            )
        else:
            messages.info(
                request,
                "L’événement est complet : vous êtes sur la liste d’attente. Vous recevrez un "
                "courriel si une place se libère.",
            )
    return redirect(event)


@login_required
@require_POST
def registration_cancel(request, pk: int):
    """Cancel one's registration from the event's page or « Mon compte »."""
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    if registration.user_id != request.user.pk:
        raise Http404("Inscription introuvable.")
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, "Votre inscription est annulée.")
    if request.POST.get("retour") == "compte":
        return redirect("accounts:account")
    return redirect(registration.event)


@require_http_methods(["GET", "POST"])
def registration_cancel_link(request, token: str):
    """Cancel a registration from the link of its e-mail (no sign-in: the signed link is
    the proof); a page asks to confirm first."""
    registration = registration_from_token(token, CANCEL)
    if registration is None or registration.user is None:
        raise Http404("Lien d’annulation invalide.")
    done = False
    if request.method == "POST":
        try:
            services.registration_cancel(actor=registration.user, registration=registration)
        except BusinessError as error:
            refusal_show(request, error)
        else:
            done = True
            messages.success(request, "Votre inscription est annulée.")
    return render(
        request,
        "events/registration_cancel.html",
        {
            "registration": registration,
            "event": registration.event,
            "done": done,
            "breadcrumb": _event_breadcrumb(registration.event, "Annuler l’inscription"),
        },
    )


# ------------------------------------------------------------------ proposing, moderating


def _organisations_for(user):
    if user.is_staff:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(memberships__user=user).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Propose an event (members of an organisation) or publish one (staff)."""
    organisations = _organisations_for(request.user)
    if not organisations.exists():
        raise PermissionDenied(perms.MEMBERS_ONLY)
    form = EventForm(
        request.POST or None,
        organisations=organisations,
        initial={"registration_mode": "plateforme", "audience": "public"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.data_for_service(),
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request,
                "L’événement est publié."
                if event.is_published
                else "L’événement est proposé : l’équipe du réseau le relira avant de le publier.",
            )
            return redirect(event)
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "title": "Proposer un événement",
            "breadcrumb": {"links": [_agenda_link()], "current": "Proposer un événement"},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    event, rights = _event_for(request, pk)
    _manager_of(rights)
    form = EventForm(
        request.POST or None,
        organisations=Organisation.objects.filter(pk=event.organisation_id),
        initial=event_initial(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, data=form.data_for_service())
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "L’événement est modifié.")
            return redirect(event)
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "event": event,
            "title": f"Modifier « {event.title} »",
            "breadcrumb": _event_breadcrumb(event, "Modifier"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def move(request, pk: int, move: str):
    """Confirm, then move the event: publish or refuse (staff), reschedule or cancel
    (organiser and staff)."""
    event, rights = _event_for(request, pk)
    transition = EVENT_WORKFLOW.by_slug(move)
    if transition is None:
        raise Http404("Étape inconnue.")
    if transition.name in ("publish", "refuse"):
        if not rights.can_moderate:
            raise PermissionDenied(perms.STAFF_ONLY)
    else:
        _manager_of(rights)
    if transition.name == "reschedule":
        form = RescheduleForm(request.POST or None, zone=event.time_zone)
    else:
        form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if transition.name == "publish":
                services.event_publish(actor=request.user, event=event)
            elif transition.name == "refuse":
                services.event_refuse(actor=request.user, event=event, reason=data["reason"])
            elif transition.name == "reschedule":
                services.event_reschedule(
                    actor=request.user,
                    event=event,
                    sessions=form.sessions(),
                    comment=data["comment"],
                )
            else:
                services.event_cancel(actor=request.user, event=event, reason=data["reason"])
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request, f"L’événement est maintenant {event.get_status_display().lower()}."
            )
            return redirect(event)
    return render(
        request,
        "events/move.html",
        {
            "event": event,
            "form": form,
            "transition": transition,
            "allowed": transition.allowed_from(event.status),
            "breadcrumb": _event_breadcrumb(event, transition.label),
        },
    )


@staff_required
@require_GET
def moderation(request):
    """The events proposed by member organisations, waiting for the staff."""
    events = (
        Event.objects.filter(status=EventStatus.PROPOSED)
        .select_related("organisation", "created_by", "commune")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "events/moderation.html",
        {"events": events, "breadcrumb": {"links": [_agenda_link()], "current": "Propositions"}},
    )


# ------------------------------------------------------------------ the organiser's pages


REGISTRANT_COLUMNS = [
    "nom",
    "adresse_electronique",
    "organisation",
    "etat",
    "inscrit_le",
    "present",
]


@login_required
@require_GET
def registrants(request, pk: int):
    event, rights = _event_for(request, pk)
    _manager_of(rights)
    rows = event_registrants(event)
    return render(
        request,
        "events/registrants.html",
        {
            "event": event,
            "registrations": rows,
            "confirmed": [row for row in rows if row.status == "confirmee"],
            "started": event.starts_at <= timezone.now(),
            "breadcrumb": _event_breadcrumb(event, "Inscrits"),
        },
    )


@login_required
@require_GET
def registrants_export(request, pk: int, extension: str):
    event, rights = _event_for(request, pk)
    _manager_of(rights)
    rows = (
        [
            registration.user.get_full_name() if registration.user else "",
            registration.user.email if registration.user else "",
            str(registration.organisation or ""),
            registration.get_status_display(),
            timezone.localtime(registration.created_at).replace(tzinfo=None),
            registration.attended,
        ]
        for registration in event_registrants(event)
    )
    return download_response(
        extension=extension,
        file_name=f"inscrits-evenement-{event.pk}",
        field_names=REGISTRANT_COLUMNS,
        rows=rows,
        notice=[f"Inscrits à « {event.title} »", "Données personnelles : ne pas diffuser."],
        sheet="inscrits",
    )


@login_required
@require_http_methods(["GET", "POST"])
def registrants_message(request, pk: int):
    event, rights = _event_for(request, pk)
    _manager_of(rights)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.registrants_message(
                actor=request.user,
                event=event,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request, f"Message envoyé à {count} inscrit{'s' if count > 1 else ''}."
            )
            return redirect("events:registrants", pk=event.pk)
    return render(
        request,
        "events/registrants_message.html",
        {
            "event": event,
            "form": form,
            "breadcrumb": _event_breadcrumb(event, "Écrire aux inscrits"),
        },
    )


@login_required
@require_POST
def attendance(request, pk: int):
    event, rights = _event_for(request, pk)
    _manager_of(rights)
    present = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
    try:
        count = services.attendance_mark(actor=request.user, event=event, present=present)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(
            request, f"Présence enregistrée : {count} présent{'s' if count > 1 else ''}."
        )
    return redirect("events:registrants", pk=event.pk)


def _training_for(request, pk: int) -> Event:
    event, rights = _event_for(request, pk)
    _manager_of(rights)
    if event.kind != EventKind.TRAINING:
        raise Http404("Seules les formations ont une feuille d’émargement.")
    return event


def _half_days(event: Event) -> list[tuple[date, str, str]]:
    days = sorted({event.local(session.starts_at).date() for session in event.sessions.all()})
    return [(day, value, label) for day in days for value, label in HalfDay.choices]


@login_required
@require_GET
def sheet(request, pk: int):
    """The training's attendance sheet, one per half-day, printable."""
    event = _training_for(request, pk)
    confirmed = [row for row in event_registrants(event) if row.status == "confirmee"]
    signed = {
        (signature.registration_id, signature.day, signature.half_day)
        for registration in confirmed
        for signature in registration.signatures.all()
    }
    half_days = _half_days(event)
    return render(
        request,
        "events/sheet.html",
        {
            "event": event,
            "half_days": [
                {
                    "day": day,
                    "value": value,
                    "label": label,
                    "rows": [
                        (registration, (registration.pk, day, value) in signed)
                        for registration in confirmed
                    ],
                }
                for day, value, label in half_days
            ],
            "breadcrumb": _event_breadcrumb(event, "Feuilles d’émargement"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, pk: int, registration_pk: int):
    """A trainee signs a half-day's sheet on the organiser's device."""
    event = _training_for(request, pk)
    registration = get_object_or_404(
        Registration.objects.select_related("user", "event"), pk=registration_pk, event=event
    )
    form = SignatureForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_sign(
                actor=request.user,
                registration=registration,
                day=form.cleaned_data["day"],
                half_day=form.cleaned_data["half_day"],
                signature=form.cleaned_data["signature"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, f"Signature de {registration.user} enregistrée.")
            return redirect("events:sheet", pk=event.pk)
    return render(
        request,
        "events/sign.html",
        {
            "event": event,
            "registration": registration,
            "form": form,
            "breadcrumb": _event_breadcrumb(event, "Signer la feuille d’émargement"),
        },
    )


@login_required
@require_GET
def certificate(request, pk: int, registration_pk: int):
    """The attestation de présence of a trainee present: the organiser's, or their own."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__organisation", "user"),
        pk=registration_pk,
        event_id=pk,
    )
    event = registration.event
    own = registration.user_id == request.user.pk
    if not own and not perms.event_rights(request.user, event).can_manage:
        raise Http404("Attestation introuvable.")
    if event.kind != EventKind.TRAINING or not registration.attended or registration.user is None:
        raise Http404("Pas d’attestation : la présence n’est pas notée.")
    response = HttpResponse(certificate_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="attestation-presence-{event.pk}-{registration.pk}.pdf"'
    )
    return response


@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    """The satisfaction survey, reached from its e-mail's signed link."""
    registration = registration_from_token(token, SURVEY)
    if registration is None:
        raise Http404("Lien de questionnaire invalide.")
    answered = SurveyResponse.objects.filter(registration=registration).exists()
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.survey_answer(registration=registration, **form.cleaned_data)
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Merci : votre réponse est enregistrée.")
            answered = True
    return render(
        request,
        "events/survey.html",
        {
            "event": registration.event,
            "form": form,
            "answered": answered,
            "breadcrumb": _event_breadcrumb(registration.event, "Questionnaire de satisfaction"),
        },
    )


@login_required
@require_GET
def survey_results(request, pk: int):
    event, rights = _event_for(request, pk)
    _manager_of(rights)
    answers = SurveyResponse.objects.filter(registration__event=event)
    count = answers.count()
    enough = count >= SURVEY_MIN_ANSWERS
    results = None
    if enough:
        results = answers.aggregate(satisfaction=Avg("satisfaction"), usefulness=Avg("usefulness"))
        results["distribution"] = [
            (
                score,
                answers.filter(satisfaction=score).count(),
                answers.filter(usefulness=score).count(),
            )
            for score in range(1, 6)
        ]
        results["comments"] = list(
            answers.exclude(comment="").order_by("?").values_list("comment", flat=True)
        )
    return render(
        request,
        "events/survey_results.html",
        {
            "event": event,
            "count": count,
            "sent": event.registrations.filter(survey_sent_at__isnull=False).count(),
            "results": results,
            "minimum": SURVEY_MIN_ANSWERS,
            "breadcrumb": _event_breadcrumb(event, "Satisfaction"),
        },
    )


# ------------------------------------------------------------------ personal feed


@login_required
@require_POST
def feed_renew(request):
    """Draw a new secret address of one's feed (the old one stops answering)."""
    services.calendar_feed_renew(user=request.user)
    messages.success(
        request, "Votre flux d’agenda a une nouvelle adresse ; l’ancienne ne fonctionne plus."
    )
    return redirect("accounts:account")


@require_GET
def personal_feed(request, token: str):
    """The feed of one's registrations at its secret address; 404 for any other token."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404("Flux introuvable.")
    events = Event.objects.filter(
        registrations__user=feed.user, registrations__status="confirmee"
    ).order_by("starts_at", "pk")
    return _ics_response(events_ics(events, name="Mes inscriptions"), "mes-inscriptions.ics")
