"""Pages of the labels: thin, they parse, call a service or a selector, render.

Every page checks its rights on the server, per object (``perms.py``): an application is
read by its applicants, its assigned jurors and the staff; a sheet by its juror; the
management pages by the staff. The badge and the vignette of a laureate are the only
pages other sites may frame.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from territoires.accounts.models import Membership, User
from territoires.awards import opendata, perms, selectors, services
from territoires.awards.enums import EDITION_WORKFLOW, ApplicationStatus, EditionStatus
from territoires.awards.forms import (
    ApplicationForm,
    AttachmentForm,
    AwardsForm,
    CalendarEventsForm,
    CategoryForm,
    CommentForm,
    ConflictForm,
    CriterionForm,
    EditionForm,
    FinalistsForm,
    JurorForm,
    JuryEventForm,
    JuryForm,
    SheetForm,
    VoteForm,
)
from territoires.awards.models import Application, Assignment, Attachment, Edition, Juror, Jury
from territoires.awards.tasks import juror_reminders
from territoires.core.access import staff_required
from territoires.core.errors import BusinessError, refusal_show
from territoires.core.opendata import FORMATS
from territoires.core.workflows import transition_history
from territoires.observatory.public.views import frameable

# What a multipart body adds to the file it carries (boundaries, headers, the CSRF token).
UPLOAD_MARGIN = 64 * 1024


def _public_edition(year: int) -> Edition:
    return get_object_or_404(Edition.objects.public(), year=year)


def _crumbs(*links, current: str) -> dict:
    return {
        "links": [{"url": reverse("awards:landing"), "title": "Labels"}]
        + [{"url": url, "title": title} for url, title in links],
        "current": current,
    }


# ------------------------------------------------------------------ public pages


def landing(request):
    editions = list(Edition.objects.public())
    return render(
        request,
        "awards/landing.html",
        {
            "can_manage": perms.edition_rights(request.user).can_manage,
            "drafts": Edition.objects.filter(status=EditionStatus.DRAFT)
            if perms.edition_rights(request.user).can_manage
            else [],
            "current": editions[0] if editions else None,
            "editions": editions,
            "can_apply": perms.can_apply(request.user),
            "breadcrumb": {"current": "Labels Territoires Innovants"},
        },
    )


def edition(request, year: int):
    edition = _public_edition(year)
    return render(
        request,
        "awards/edition.html",
        {
            "edition": edition,
            "categories": edition.categories.all(),
            "criteria": edition.criteria.all(),
            "stages": edition.juries.filter(region__isnull=False)
            .select_related("region", "event")
            .order_by("region__name"),
            "can_apply": edition.call_open() and perms.can_apply(request.user),
            "vote_open": perms.vote_open(edition),
            "can_manage": perms.edition_rights(request.user).can_manage,
            "breadcrumb": _crumbs(current=edition.title),
        },
    )


def rules(request, year: int):
    edition = _public_edition(year)
    return render(
        request,
        "awards/rules.html",
        {
            "edition": edition,
            "breadcrumb": _crumbs((edition.get_absolute_url(), edition.title), current="Règlement"),
        },
    )


def palmares(request, year: int):
    edition = get_object_or_404(Edition.objects.published(), year=year)
    return render(
        request,
        "awards/palmares.html",
        {
            "edition": edition,
            "palmares": selectors.palmares(edition),
            "votes": selectors.vote_counts(edition) if edition.public_vote else [],
            "sheets": selectors.aggregated_sheets(edition),
            "breadcrumb": _crumbs((edition.get_absolute_url(), edition.title), current="Palmarès"),
        },
    )


@require_http_methods(["GET", "POST"])
def vote(request, year: int):
    edition = _public_edition(year)
    if not edition.public_vote:
        raise Http404("Pas de prix du public pour cette édition.")
    finalists = list(edition.applications.finalists().select_related("organisation"))
    form = VoteForm(request.POST or None, finalists=finalists)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if form.is_valid():
            application = next(
                item for item in finalists if item.pk == form.cleaned_data["application"]
            )
            try:
                services.vote_cast(actor=request.user, edition=edition, application=application)
            except BusinessError as error:
                refusal_show(request, error)
            else:
                messages.success(request, "Votre vote est enregistré. Merci !")
                return redirect("awards:vote", year=year)
    return render(
        request,
        "awards/vote.html",
        {
            "edition": edition,
            "form": form,
            "finalists": finalists,
            "open": perms.vote_open(edition),
            "breadcrumb": _crumbs(
                (edition.get_absolute_url(), edition.title), current="Prix du public"
            ),
        },
    )


def _laureate(pk: int) -> Application:
    return get_object_or_404(
        Application.objects.laureates()
        .filter(edition__status=EditionStatus.PUBLISHED)
        .select_related("edition", "organisation", "category"),
        pk=pk,
    )


@frameable
def badge(request, pk: int):
    application = _laureate(pk)
    response = render(
        request,
        "awards/badge.svg",
        {"application": application},
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@frameable
def vignette(request, pk: int):
    application = _laureate(pk)
    return render(request, "awards/vignette.html", {"application": application})


def dataset(request, slug: str, extension: str):
    dataset = opendata.DATASETS.get(slug)
    if dataset is None or extension not in FORMATS:
        raise Http404("Aucun jeu de données à cette adresse.")
    return opendata.dataset_response(dataset, extension)


def schema(request, slug: str):
    dataset = opendata.DATASETS.get(slug)
    if dataset is None:
        raise Http404("Aucun schéma à cette adresse.")
    return JsonResponse(dataset.schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})


# ------------------------------------------------------------------ applicants


@login_required
def my_applications(request):
    organisations = Membership.objects.filter(user=request.user).values("organisation_id")
    applications = (
        Application.objects.filter(
            Q(organisation_id__in=organisations) | Q(co_applicants__in=organisations)
        )
        .distinct()
        .select_related("edition", "organisation", "category")
        .order_by("-edition__year", "title")
    )
    open_editions = [
        edition
        for edition in Edition.objects.filter(status=EditionStatus.OPEN)
        if edition.call_open()
    ]
    return render(
        request,
        "awards/my_applications.html",
        {
            "applications": applications,
            "open_editions": open_editions if perms.can_apply(request.user) else [],
            "breadcrumb": _crumbs(current="Mes candidatures"),
        },
    )


def _application_or_403(request, pk: int) -> tuple[Application, perms.ApplicationRights]:
    application = get_object_or_404(
        Application.objects.select_related("edition", "organisation", "category", "region"), pk=pk
    )
    rights = perms.application_rights(request.user, application)
    if not rights.can_view:
        raise PermissionDenied(
            "Cette candidature n’est visible que de ses candidats, de ses "
            "jurés et de l’équipe du réseau."
        )
    return application, rights


def _application_save(request, form: ApplicationForm, save) -> Application | None:
    """Call ``save`` (the create or update service) with the form's data; None, and the
    refusal shown on the form, when the service says no."""
    data = dict(form.cleaned_data)
    try:
        return save(
            actor=request.user,
            category=data.pop("category"),
            co_applicants=data.pop("co_applicants"),
            communs=data.pop("communs"),
            **data,
        )
    except BusinessError as error:
        refusal_show(request, error, form=form)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request, year: int):
    edition = get_object_or_404(Edition, year=year, status=EditionStatus.OPEN)
    memberships = list(
        Membership.objects.filter(user=request.user, organisation__territory__isnull=False)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if not memberships:
        raise PermissionDenied("Seuls les membres d’une collectivité peuvent candidater.")
    organisation = memberships[0].organisation
    chosen = request.POST.get("organisation") or request.GET.get("organisation")
    if chosen:
        organisation = next(
            (m.organisation for m in memberships if str(m.organisation_id) == chosen), None
        )
        if organisation is None:
            raise PermissionDenied("Vous ne candidatez que pour votre collectivité.")
    form = ApplicationForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        application = _application_save(
            request,
            form,
            functools.partial(
                services.application_create, edition=edition, organisation=organisation
            ),
        )
        if application is not None:
            messages.success(request, "Le brouillon de la candidature est enregistré.")
            return redirect(application)
    return render(
        request,
        "awards/application_form.html",
        {
            "edition": edition,
            "form": form,
            "organisation": organisation,
            "memberships": memberships,
            "breadcrumb": _crumbs(
                (edition.get_absolute_url(), edition.title), current="Candidater"
            ),
        },
    )


@login_required
def application(request, pk: int):
    application, rights = _application_or_403(request, pk)
    return render(
        request,
        "awards/application.html",
        {
            "application": application,
            "rights": rights,
            "attachments": application.attachments.all(),
            "co_applicants": application.co_applicants.all(),
            "communs": application.communs.all(),
            "missing": services.missing_fields(application),
            "history": transition_history(application)
            if rights.is_applicant or rights.can_manage
            else [],
            "attachment_form": AttachmentForm(),
            "breadcrumb": _crumbs(
                (reverse("awards:my_applications"), "Mes candidatures")
                if rights.is_applicant
                else (application.edition.get_absolute_url(), application.edition.title),
                current=application.title,
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk: int):
    application, rights = _application_or_403(request, pk)
    if not rights.can_edit:
        raise PermissionDenied("Cette candidature ne peut plus être modifiée par vous.")
    form = ApplicationForm(
        request.POST or None,
        instance=Application.objects.get(pk=pk),
        edition=application.edition,
    )
    if request.method == "POST" and form.is_valid():
        saved = _application_save(
            request, form, functools.partial(services.application_update, application=application)
        )
        if saved is not None:
            messages.success(request, "La candidature est enregistrée.")
            return redirect(application)
    return render(
        request,
        "awards/application_form.html",
        {
            "edition": application.edition,
            "form": form,
            "application": application,
            "organisation": application.organisation,
            "breadcrumb": _crumbs(
                (application.get_absolute_url(), application.title), current="Modifier"
            ),
        },
    )


@login_required
@require_POST
def application_submit(request, pk: int):
    application, _ = _application_or_403(request, pk)
    try:
        services.application_submit(actor=request.user, application=application)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(
            request, "La candidature est déposée. Un courriel de confirmation va vous être envoyé."
        )
    return redirect(application)


@login_required
@require_POST
def application_withdraw(request, pk: int):
    application, _ = _application_or_403(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        services.application_withdraw(
            actor=request.user,
            application=application,
            comment=form.cleaned_data.get("comment", ""),
        )
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, "La candidature est retirée.")
    return redirect(application)


@login_required
@require_POST
def attachment_add(request, pk: int):
    application, _ = _application_or_403(request, pk)
    # Refused before the body is read: a huge upload is never written to a temporary file
    # (the form's other fields weigh far less than the margin).
    length = _int(request.META.get("CONTENT_LENGTH")) or 0
    if length > settings.AWARDS_ATTACHMENT_MAX_BYTES + UPLOAD_MARGIN:
        limit = settings.AWARDS_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        messages.error(request, f"Le fichier dépasse la taille maximale de {limit} Mo.")
        return redirect(application)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choisissez un fichier à joindre.")
        return redirect(application)
    try:
        services.attachment_add(
            actor=request.user, application=application, upload=form.cleaned_data["file"]
        )
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, "La pièce jointe est ajoutée.")
    return redirect(application)


@login_required
@require_POST
def report_start(request, pk: int):
    """One click: the laureate project becomes a draft experience report, opened to edit."""
    application, rights = _application_or_403(request, pk)
    if not rights.is_applicant:
        raise PermissionDenied(perms.APPLICANTS_ONLY)
    try:
        report = services.report_from_laureate(actor=request.user, application=application)
    except BusinessError as error:
        refusal_show(request, error)
        return redirect(application)
    messages.success(
        request, "Le retour d’expérience est prérempli : complétez-le puis soumettez-le."
    )
    return redirect("commons:report_edit", slug=report.slug)


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    _application_or_403(request, attachment.application_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type={"pdf": "application/pdf"}.get(attachment.kind, f"image/{attachment.kind}"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------ jurors


@login_required
def my_sheets(request):
    return render(
        request,
        "awards/my_sheets.html",
        {
            "assignments": selectors.juror_assignments(request.user),
            "breadcrumb": _crumbs(current="Mes candidatures à noter"),
        },
    )


def _sheet_or_403(request, pk: int) -> tuple[Assignment, perms.SheetRights]:
    assignment = get_object_or_404(
        Assignment.objects.select_related(
            "juror__jury__edition",
            "juror__jury__region",
            "application__organisation",
            "application__category",
            "application__edition",
        ),
        pk=pk,
    )
    rights = perms.sheet_rights(request.user, assignment)
    if not rights.can_view:
        raise PermissionDenied(perms.NOT_ASSIGNED)
    return assignment, rights


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request, pk: int):
    assignment, rights = _sheet_or_403(request, pk)
    criteria = list(assignment.application.edition.criteria.all())
    initial = {"comment": assignment.comment}
    for score in assignment.scores.all():
        initial[f"mark_{score.criterion_id}"] = str(score.mark)
        initial[f"comment_{score.criterion_id}"] = score.comment
    form = SheetForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sheet_score(
                actor=request.user,
                assignment=assignment,
                marks=form.marks(),
                comment=form.cleaned_data["comment"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Votre notation est enregistrée.")
            return redirect("awards:sheet", pk=pk)
    return render(
        request,
        "awards/sheet.html",
        {
            "assignment": assignment,
            "application": assignment.application,
            "attachments": assignment.application.attachments.all(),
            "rights": rights,
            "form": form,
            "conflict_form": ConflictForm(),
            "others": selectors.other_sheets(assignment) if rights.can_see_others else [],
            "breadcrumb": _crumbs(
                (reverse("awards:my_sheets"), "Mes candidatures à noter"),
                current=assignment.application.title,
            ),
        },
    )


@login_required
@require_POST
def conflict_declare(request, pk: int):
    assignment, _ = _sheet_or_403(request, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Précisez la nature du conflit d’intérêts.")
        return redirect("awards:sheet", pk=pk)
    try:
        services.conflict_declare(
            actor=request.user,
            juror=assignment.juror,
            application=assignment.application,
            reason=form.cleaned_data["reason"],
        )
    except BusinessError as error:
        refusal_show(request, error)
        return redirect("awards:sheet", pk=pk)
    messages.success(
        request,
        "Le conflit d’intérêts est enregistré : la candidature est confiée à un autre juré.",
    )
    return redirect("awards:my_sheets")


# ------------------------------------------------------------------ staff

EDITION_MOVES = {
    "open": services.edition_open,
    "close": services.edition_close,
    "publish": services.edition_publish,
}


def _staff_edition(year: int) -> Edition:
    return get_object_or_404(Edition, year=year)


@staff_required
def manage(request, year: int):
    edition = _staff_edition(year)
    juries = list(edition.juries.select_related("region").order_by("region__name"))
    return render(
        request,
        "awards/manage.html",
        {
            "edition": edition,
            "moves": [
                move
                for move in EDITION_WORKFLOW.available(edition.status)
                if move.name in EDITION_MOVES
            ],
            "juries": [(jury, selectors.jury_progress(jury)) for jury in juries],
            "ranking": selectors.edition_ranking(edition),
            "counts": {
                label: edition.applications.filter(status=value).count()
                for value, label in ApplicationStatus.choices
            },
            "history": transition_history(edition),
            "category_form": CategoryForm() if not edition.grid_frozen else None,
            "criterion_form": CriterionForm() if not edition.grid_frozen else None,
            "events_form": CalendarEventsForm(edition=edition),
            "categories": edition.categories.all(),
            "criteria": edition.criteria.all(),
            "breadcrumb": _crumbs(
                (edition.get_absolute_url(), edition.title)
                if edition.status != EditionStatus.DRAFT
                else (reverse("awards:landing"), "Labels"),
                current="Gestion",
            ),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def edition_create(request):
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        dates = {step: data.pop(step) for step in services.STEPS}
        try:
            edition = services.edition_create(actor=request.user, dates=dates, **data)
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, f"L’édition {edition.year} est créée, en préparation.")
            return redirect("awards:manage", year=edition.year)
    return render(
        request,
        "awards/edition_create.html",
        {"form": form, "breadcrumb": _crumbs(current="Nouvelle édition")},
    )


@staff_required
@require_POST
def grid_add(request, year: int, what: str):
    """Add a category or a criterion to an edition in preparation."""
    edition = _staff_edition(year)
    if what not in ("categorie", "critere"):
        raise Http404("Élément de grille inconnu.")
    form = (CategoryForm if what == "categorie" else CriterionForm)(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(str(error) for errors in form.errors.values() for error in errors)
        )
        return redirect("awards:manage", year=year)
    try:
        if what == "categorie":
            services.category_add(actor=request.user, edition=edition, **form.cleaned_data)
        else:
            services.criterion_add(
                actor=request.user,
                edition=edition,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                weight=form.cleaned_data["weight"],
                mandatory=form.cleaned_data["mandatory"],
                marks=form.marks(),
            )
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, "La grille est complétée.")
    return redirect("awards:manage", year=year)


@staff_required
@require_POST
def calendar_events(request, year: int):
    edition = _staff_edition(year)
    form = CalendarEventsForm(request.POST, edition=edition)
    if not form.is_valid():
        messages.error(request, "Choisissez des événements de la liste.")
        return redirect("awards:manage", year=year)
    try:
        services.edition_events_set(actor=request.user, edition=edition, events=form.cleaned_data)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, "Le calendrier est relié à l’agenda.")
    return redirect("awards:manage", year=year)


@staff_required
@require_http_methods(["GET", "POST"])
def edition_move(request, year: int, move: str):
    edition = _staff_edition(year)
    transition = EDITION_WORKFLOW.by_slug(move)
    if transition is None or transition.name not in EDITION_MOVES:
        raise Http404("Étape inconnue.")
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            EDITION_MOVES[transition.name](
                actor=request.user, edition=edition, comment=form.cleaned_data["comment"]
            )
        except BusinessError as error:
            refusal_show(request, error)
        else:
            messages.success(request, f"Étape franchie : {transition.label.lower()}.")
        return redirect("awards:manage", year=year)
    return render(
        request,
        "awards/edition_move.html",
        {
            "edition": edition,
            "transition": transition,
            "allowed": transition.allowed_from(edition.status),
            "form": form,
            "breadcrumb": _crumbs(
                (reverse("awards:manage", kwargs={"year": year}), "Gestion"),
                current=transition.label,
            ),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def jury_create(request, year: int):
    edition = _staff_edition(year)
    form = JuryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            jury = services.jury_create(
                actor=request.user,
                edition=edition,
                region=form.cleaned_data["region"],
                deadline=form.cleaned_data["deadline"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, f"Le {jury} est créé.")
            return redirect("awards:jury", year=year, pk=jury.pk)
    return render(
        request,
        "awards/jury_create.html",
        {
            "edition": edition,
            "form": form,
            "breadcrumb": _crumbs(
                (reverse("awards:manage", kwargs={"year": year}), "Gestion"),
                current="Nouveau jury",
            ),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def jury(request, year: int, pk: int):
    jury = get_object_or_404(
        Jury.objects.select_related("edition", "region"), pk=pk, edition__year=year
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign":
                result = services.jury_assign(actor=request.user, jury=jury)
                messages.success(request, f"{result.created} affectation(s) créée(s).")
                if result.short:
                    messages.warning(
                        request,
                        f"{len(result.short)} candidature(s) n’ont pas trois jurés sans conflit "
                        "d’intérêts : nommez d’autres jurés.",
                    )
            elif action == "withdraw":
                juror = get_object_or_404(Juror, pk=_int(request.POST.get("juror")), jury=jury)
                services.juror_withdraw(actor=request.user, juror=juror)
                messages.success(
                    request, f"{juror} a quitté le jury ; ses candidatures sont réaffectées."
                )
            elif action == "name":
                form = JurorForm(request.POST)
                user = (
                    User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
                    if form.is_valid()
                    else None
                )
                if user is None:
                    raise BusinessError("Aucun compte n’utilise cette adresse électronique.")
                juror = services.juror_name(actor=request.user, jury=jury, user=user)
                messages.success(request, f"{juror} est nommé au {jury}.")
            elif action == "event":
                form = JuryEventForm(request.POST, jury=jury)
                if not form.is_valid():
                    raise BusinessError("Choisissez une étape de l’IntercoTOUR de la liste.")
                services.jury_event_set(
                    actor=request.user, jury=jury, event=form.cleaned_data["event"]
                )
                messages.success(request, "Le jury est relié à son étape de l’IntercoTOUR.")
            elif action == "add":
                juror = get_object_or_404(Juror, pk=_int(request.POST.get("juror")), jury=jury)
                application = get_object_or_404(
                    Application, pk=_int(request.POST.get("application")), edition=jury.edition
                )
                services.assignment_add(actor=request.user, juror=juror, application=application)
                messages.success(request, f"Candidature confiée à {juror}.")
            else:
                messages.error(request, "Action inconnue.")
        except BusinessError as error:
            refusal_show(request, error)
        return redirect("awards:jury", year=year, pk=pk)
    return render(
        request,
        "awards/jury.html",
        {
            "jury": jury,
            "edition": jury.edition,
            "progress": selectors.jury_progress(jury),
            "juror_form": JurorForm(),
            "event_form": None if jury.is_national else JuryEventForm(jury=jury),
            "applications": selectors.jury_applications(jury),
            "ranking": selectors.jury_ranking(jury),
            "breadcrumb": _crumbs(
                (reverse("awards:manage", kwargs={"year": year}), "Gestion"), current=str(jury)
            ),
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@staff_required
@require_http_methods(["GET", "POST"])
def finalists(request, year: int):
    edition = _staff_edition(year)
    candidates = list(
        edition.applications.filter(status=ApplicationStatus.ASSIGNED).select_related(
            "organisation"
        )
    )
    form = FinalistsForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            chosen = services.finalists_select(
                actor=request.user,
                edition=edition,
                application_ids=form.cleaned_data["applications"],
                reason=form.cleaned_data["reason"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request,
                f"{len(chosen)} finaliste(s) retenu(s) ; les collectivités candidates sont "
                "prévenues par courriel.",
            )
            return redirect("awards:manage", year=year)
    return render(
        request,
        "awards/finalists.html",
        {
            "edition": edition,
            "form": form,
            "ranking": selectors.edition_ranking(edition),
            "breadcrumb": _crumbs(
                (reverse("awards:manage", kwargs={"year": year}), "Gestion"),
                current="Finalistes",
            ),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def awards(request, year: int):
    edition = _staff_edition(year)
    finalists = list(
        edition.applications.filter(status=ApplicationStatus.FINALIST).select_related(
            "organisation"
        )
    )
    national = edition.juries.filter(region__isnull=True).first()
    form = AwardsForm(request.POST or None, finalists=finalists)
    if request.method == "POST" and form.is_valid():
        try:
            services.awards_record(
                actor=request.user,
                edition=edition,
                deliberation=form.cleaned_data["deliberation"],
                awards=form.awards(),
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "La délibération et les distinctions sont enregistrées.")
            return redirect("awards:manage", year=year)
    return render(
        request,
        "awards/awards.html",
        {
            "edition": edition,
            "form": form,
            "ranking": selectors.jury_ranking(national) if national else [],
            "votes": selectors.vote_counts(edition) if edition.public_vote else [],
            "breadcrumb": _crumbs(
                (reverse("awards:manage", kwargs={"year": year}), "Gestion"),
                current="Palmarès",
            ),
        },
    )


@staff_required
@require_POST
def reminders(request, year: int):
    juror_reminders()
    messages.success(request, "Les relances des jurés sont envoyées.")
    return redirect("awards:manage", year=year)
