"""Pages of the catalogue of communs and of the experience reports: they parse, call a
service or a selector, and render; every right comes from the rights objects of ``perms``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from territoires.accounts.models import Organisation
from territoires.accounts.selectors import memberships_of, user_is_member
from territoires.commons import notifications, opendata, perms, selectors, services
from territoires.commons.enums import (
    COMMUN_WORKFLOW,
    REPORT_WORKFLOW,
    CommunStatus,
    ContactStatus,
    ReportStatus,
)
from territoires.commons.forms import (
    AbuseForm,
    CoauthorForm,
    CommentForm,
    CommunForm,
    ContactForm,
    MergeForm,
    ProposalForm,
    ReportForm,
    SearchForm,
    UsageForm,
)
from territoires.commons.models import Commun, ContactMessage, ExperienceReport, Usage
from territoires.commons.rules import current_axes
from territoires.commons.search import (
    FACETS,
    SearchSequence,
    commun_search,
    report_search,
    similar_communs,
)
from territoires.core.access import staff_required
from territoires.core.errors import BusinessError, refusal_show
from territoires.core.ratelimit import rate_limited
from territoires.core.workflows import transition_history

PAGE_SIZE = 20
SUGGESTIONS = 6


def _catalogue_link() -> dict:
    return {"url": reverse("commons:catalogue"), "title": "Communs"}


def _commun_breadcrumb(commun: Commun, current: str) -> dict:
    return {
        "links": [_catalogue_link(), {"url": commun.get_absolute_url(), "title": commun.name}],
        "current": current,
    }


def _reports_link() -> dict:
    return {"url": reverse("commons:reports"), "title": "Retours d’expérience"}


def _page(request, results: SearchSequence):
    return Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))


def _facet_links(query: str, filters: dict, facets: dict) -> list[tuple[str, str, list]]:
    """Each facet with its values, and the address of the results filtered by each."""
    links = []
    for facet, values in facets.items():
        items = []
        for item in values:
            parameters = {"q": query} if query else {}
            items.append((item, "?" + urlencode({**parameters, **filters, facet: item.value})))
        links.append((facet, FACETS[facet], items))
    return links


@require_GET
def catalogue(request):
    """The catalogue and its search, a full page without JavaScript: communs with their
    facets, then experience reports."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    filters = {facet: request.GET.get(facet, "")[:60] for facet in FACETS if request.GET.get(facet)}
    communs = SearchSequence(commun_search, page_size=PAGE_SIZE, query=query, filters=filters)
    page = _page(request, communs)
    reports = report_search(query, limit=5) if query and not filters else None
    return render(
        request,
        "commons/catalogue.html",
        {
            "form": form,
            "search_query": query,
            "filters": filters,
            "page": page,
            "facets": _facet_links(query, filters, communs.first.facets),
            "unfiltered_url": "?" + urlencode({"q": query} if query else {}),
            "reports": reports,
            "can_contribute": user_is_member(request),
            "breadcrumb": {"current": "Communs"},
        },
    )


@require_GET
def suggestions(request):
    """Suggestions as one types (htmx): the first communs and reports, by prefix."""
    query = request.GET.get("q", "")[:200]
    communs = (
        commun_search(query, prefix=True, limit=SUGGESTIONS, with_facets=False)
        if query.strip()
        else None
    )
    reports = report_search(query, prefix=True, limit=3) if query.strip() else None
    return render(
        request,
        "commons/_suggestions.html",
        {"search_query": query, "communs": communs, "reports": reports},
    )


def _require(rights, right: str, message: str) -> None:
    """A French 403 page unless ``right`` holds (the services check it again)."""
    if not getattr(rights, right):
        raise PermissionDenied(message)


def _commun_for(request, slug: str) -> tuple[Commun, perms.CommunRights]:
    commun = get_object_or_404(Commun, slug=slug)
    rights = perms.commun_rights(request.user, commun)
    if not rights.can_view:
        raise Http404("Fiche introuvable.")
    return commun, rights


@require_GET
def commun_detail(request, slug: str):
    commun, rights = _commun_for(request, slug)
    if commun.merged_into_id:
        messages.info(request, f"Cette fiche a été fusionnée dans « {commun.merged_into.name} ».")
    usages = list(selectors.usages_for(commun, request.user))
    my_organisations = (
        {m.organisation_id for m in memberships_of(request.user)}
        if request.user.is_authenticated
        else set()
    )
    axes = current_axes()
    return render(
        request,
        "commons/commun.html",
        {
            "commun": commun,
            "rights": rights,
            "axes": [(code, axes.get(code, code)) for code in commun.axes],
            "usages": [(usage, selectors.usage_kind(usage)) for usage in usages],
            "own_usages": [usage for usage in usages if usage.organisation_id in my_organisations],
            "counts": selectors.usage_counts(commun),
            "map": selectors.usage_map(commun),
            "reports": commun.reports.published().order_by("-published_at"),
            "hosting": commun.hosting_offers.all(),
            "maintainers": commun.maintainers.all(),
            "referents": commun.referents.all(),
            "is_referent": request.user.is_authenticated
            and commun.referents.filter(pk=request.user.pk).exists(),
            "may_be_referent": rights.can_edit
            and request.user.is_authenticated
            and commun.maintainers.filter(memberships__user=request.user).exists(),
            "moves": COMMUN_WORKFLOW.available(commun.status) if rights.can_moderate else [],
            "breadcrumb": {"links": [_catalogue_link()], "current": commun.name},
        },
    )


@require_GET
def commun_history(request, slug: str):
    commun, _rights = _commun_for(request, slug)
    return render(
        request,
        "commons/history.html",
        {
            "commun": commun,
            "versions": commun.versions.select_related("author").order_by("-number"),
            "history": transition_history(commun),
            "breadcrumb": _commun_breadcrumb(commun, "Historique"),
        },
    )


def _organisations(user) -> list[Organisation]:
    return [
        membership.organisation
        for membership in memberships_of(user).order_by("organisation__name")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def commun_propose(request):
    organisations = _organisations(request.user)
    if not organisations:
        raise PermissionDenied(perms.MEMBERS_ONLY)
    form = ProposalForm(request.POST or None, organisations=organisations)
    similar = []
    if request.method == "POST" and form.is_valid():
        similar = similar_communs(form.cleaned_data["name"])
        if similar and not form.cleaned_data["distinct"]:
            form.add_error(
                "distinct",
                "Des fiches aux noms proches existent : vérifiez qu’il ne s’agit pas du même "
                "commun, puis cochez cette case.",
            )
        else:
            organisation = form.cleaned_data["organisation"]
            try:
                commun = services.commun_propose(
                    actor=request.user,
                    organisation=organisation,
                    data=form.data_for_service(),
                    hosting=form.hosting(),
                    maintainers=[organisation] if form.cleaned_data["maintainer"] else [],
                )
            except BusinessError as error:
                refusal_show(request, error, form=form)
            else:
                messages.success(
                    request,
                    "Votre proposition est enregistrée : l’équipe du réseau la relira avant de "
                    "la publier.",
                )
                return redirect(commun)
    return render(
        request,
        "commons/propose.html",
        {
            "form": form,
            "similar": similar,
            "breadcrumb": {"links": [_catalogue_link()], "current": "Proposer un commun"},
        },
    )


@require_GET
def similar(request):
    """The fiches whose names are close to the one typed (htmx, on the proposal form)."""
    name = request.GET.get("name", "")[:150]
    return render(
        request, "commons/_similar.html", {"similar": similar_communs(name) if name else []}
    )


@login_required
@require_http_methods(["GET", "POST"])
def commun_edit(request, slug: str):
    commun, rights = _commun_for(request, slug)
    _require(rights, "can_edit", perms.EDITORS_ONLY)
    form = CommunForm(request.POST or None, initial=CommunForm.initial_of(commun))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.commun_update(
                actor=request.user,
                commun=commun,
                data=form.data_for_service(),
                hosting=form.hosting(),
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request, "La fiche est enregistrée." if changed else "Aucune modification."
            )
            return redirect(commun)
    return render(
        request,
        "commons/edit.html",
        {"commun": commun, "form": form, "breadcrumb": _commun_breadcrumb(commun, "Modifier")},
    )


COMMUN_MOVES = {
    "publish": lambda actor, commun, comment: services.commun_publish(actor=actor, commun=commun),
    "refuse": lambda actor, commun, comment: services.commun_refuse(
        actor=actor, commun=commun, reason=comment
    ),
    "archive": lambda actor, commun, comment: services.commun_archive(
        actor=actor, commun=commun, comment=comment
    ),
}


@staff_required
@require_http_methods(["GET", "POST"])
def commun_move(request, slug: str, move: str):
    commun = get_object_or_404(Commun, slug=slug)
    transition = COMMUN_WORKFLOW.by_slug(move)
    if transition is None:
        raise Http404("Étape inconnue.")
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            COMMUN_MOVES[transition.name](request.user, commun, form.cleaned_data["comment"])
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request, f"La fiche est maintenant {commun.get_status_display().lower()}."
            )
            return redirect(commun)
    return render(
        request,
        "commons/move.html",
        {
            "object": commun,
            "form": form,
            "transition": transition,
            "allowed": transition.allowed_from(commun.status),
            "cancel_url": commun.get_absolute_url(),
            "action": reverse("commons:commun_move", args=[commun.slug, transition.slug]),
            "breadcrumb": _commun_breadcrumb(commun, transition.label),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def commun_merge(request, slug: str):
    kept = get_object_or_404(Commun, slug=slug)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        duplicate = Commun.objects.filter(slug=form.cleaned_data["duplicate"]).first()
        if duplicate is None:
            form.add_error("duplicate", "Aucune fiche n’a cet identifiant.")
        else:
            try:
                services.commun_merge(actor=request.user, kept=kept, duplicate=duplicate)
            except BusinessError as error:
                refusal_show(request, error, form=form)
            else:
                messages.success(request, f"« {duplicate.name} » est fusionnée dans cette fiche.")
                return redirect(kept)
    return render(
        request,
        "commons/merge.html",
        {"commun": kept, "form": form, "breadcrumb": _commun_breadcrumb(kept, "Fusionner")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def usage_declare(request, slug: str):
    """Declare, or change, the usage of a fiche by one of the user's organisations."""
    commun, rights = _commun_for(request, slug)
    _require(rights, "can_declare_usage", perms.MEMBERS_ONLY)
    organisations = _organisations(request.user)
    usages = {
        usage.organisation_id: usage
        for usage in commun.usages.filter(organisation__in=organisations)
    }
    chosen = request.POST.get("organisation") or request.GET.get("organisation") or ""
    existing = usages.get(int(chosen)) if chosen.isdigit() else None
    initial = (
        {"organisation": chosen}
        if existing is None
        else {
            "organisation": chosen,
            **{field: getattr(existing, field) for field in UsageForm.FIELDS},
        }
    )
    form = UsageForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            if organisation.pk in usages:
                services.usage_update(
                    actor=request.user, usage=usages[organisation.pk], data=form.data_for_service()
                )
            else:
                services.usage_declare(
                    actor=request.user,
                    organisation=organisation,
                    commun=commun,
                    data=form.data_for_service(),
                )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request, f"L’usage de {commun.name} par {organisation.name} est enregistré."
            )
            return redirect(commun)
    return render(
        request,
        "commons/usage.html",
        {
            "commun": commun,
            "form": form,
            "breadcrumb": _commun_breadcrumb(commun, "Déclarer un usage"),
        },
    )


@login_required
@require_http_methods(["POST"])
def usage_withdraw(request, pk: int):
    usage = get_object_or_404(Usage.objects.select_related("commun", "organisation"), pk=pk)
    try:
        services.usage_withdraw(actor=request.user, usage=usage)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(
            request, f"{usage.organisation.name} n’est plus indiqué comme utilisateur."
        )
    return redirect(usage.commun)


@login_required
@require_http_methods(["POST"])
def commun_referent(request, slug: str):
    """A member of a maintaining organisation becomes (or is no more) one of its referents."""
    commun, _rights = _commun_for(request, slug)
    referent = request.POST.get("referent") == "oui"
    try:
        services.commun_referent_set(actor=request.user, commun=commun, referent=referent)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(
            request,
            "Vous êtes référent de ce commun : les agents pourront vous écrire par la plateforme."
            if referent
            else "Vous n’êtes plus référent de ce commun.",
        )
    return redirect(commun)


@staff_required
@require_GET
def moderation(request):
    return render(
        request,
        "commons/moderation.html",
        {
            "communs": Commun.objects.filter(status=CommunStatus.PROPOSED).order_by("created_at"),
            "reports": ExperienceReport.objects.filter(status=ReportStatus.SUBMITTED).order_by(
                "created_at"
            ),
            "reported": ContactMessage.objects.filter(status=ContactStatus.REPORTED).select_related(
                "commun", "sender"
            ),
            "breadcrumb": {"links": [_catalogue_link()], "current": "Modération"},
        },
    )


# Experience reports -------------------------------------------------------------------------


@require_GET
def reports(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = SearchSequence(report_search, page_size=PAGE_SIZE, query=query)
    return render(
        request,
        "commons/reports.html",
        {
            "form": form,
            "search_query": query,
            "page": _page(request, results),
            "can_contribute": user_is_member(request),
            "breadcrumb": {"links": [_catalogue_link()], "current": "Retours d’expérience"},
        },
    )


def _report_for(request, slug: str) -> tuple[ExperienceReport, perms.ReportRights]:
    report = get_object_or_404(ExperienceReport, slug=slug)
    rights = perms.report_rights(request.user, report)
    if not rights.can_view:
        raise Http404("Retour d’expérience introuvable.")
    return report, rights


@require_GET
def report_detail(request, slug: str):
    report, rights = _report_for(request, slug)
    axes = current_axes()
    return render(
        request,
        "commons/report.html",
        {
            "report": report,
            "rights": rights,
            "authors": report.authors.select_related("territory"),
            "communs": report.communs.listed(),
            "axes": [(code, axes.get(code, code)) for code in report.axes],
            "sections": [
                (ExperienceReport._meta.get_field(field).verbose_name, getattr(report, field))
                for field in ExperienceReport.MARKDOWN_FIELDS
                if getattr(report, field)
            ],
            "moves": REPORT_WORKFLOW.available(report.status) if rights.can_moderate else [],
            "submit": rights.can_edit and REPORT_WORKFLOW["submit"].allowed_from(report.status),
            "history": transition_history(report) if rights.can_edit or rights.can_moderate else [],
            "breadcrumb": {"links": [_catalogue_link(), _reports_link()], "current": report.title},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    organisations = _organisations(request.user)
    if not organisations:
        raise PermissionDenied(perms.MEMBERS_ONLY)
    form = ReportForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.data_for_service(),
                communs=form.cleaned_data["communs"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Votre brouillon est enregistré.")
            return redirect(report)
    return render(
        request,
        "commons/report_form.html",
        {
            "form": form,
            "title": "Écrire un retour d’expérience",
            "breadcrumb": {"links": [_catalogue_link(), _reports_link()], "current": "Écrire"},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, slug: str):
    report, rights = _report_for(request, slug)
    _require(rights, "can_edit", perms.AUTHORS_ONLY)
    initial = {field: getattr(report, field) for field in ReportForm.FIELDS}
    form = ReportForm(
        request.POST or None,
        editing=True,
        initial={**initial, "communs": report.communs.all()},
    )
    coauthor = CoauthorForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(
                actor=request.user,
                report=report,
                data=form.data_for_service(),
                communs=form.cleaned_data["communs"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Le retour d’expérience est enregistré.")
            return redirect(report)
    return render(
        request,
        "commons/report_form.html",
        {
            "form": form,
            "report": report,
            "coauthor": coauthor,
            "title": f"Modifier « {report.title} »",
            "breadcrumb": {
                "links": [
                    _catalogue_link(),
                    _reports_link(),
                    {"url": report.get_absolute_url(), "title": report.title},
                ],
                "current": "Modifier",
            },
        },
    )


@login_required
@require_http_methods(["POST"])
def report_coauthor(request, slug: str):
    report, _rights = _report_for(request, slug)
    form = CoauthorForm(request.POST)
    if form.is_valid():
        organisation = Organisation.objects.filter(siren=form.cleaned_data["siren"]).first()
        if organisation is None:
            messages.error(request, "Aucune organisation de la plateforme n’a ce SIREN.")
        else:
            try:
                services.report_author_add(
                    actor=request.user, report=report, organisation=organisation
                )
            except BusinessError as error:
                refusal_show(request, error)
            else:
                messages.success(
                    request, f"{organisation.name} est co-autrice de ce retour d’expérience."
                )
    else:
        messages.error(request, " ".join(form.errors["siren"]))
    return redirect("commons:report_edit", slug=report.slug)


REPORT_MOVES = {
    "submit": lambda actor, report, comment: services.report_submit(actor=actor, report=report),
    "publish": lambda actor, report, comment: services.report_publish(actor=actor, report=report),
    "refuse": lambda actor, report, comment: services.report_refuse(
        actor=actor, report=report, reason=comment
    ),
    "archive": lambda actor, report, comment: services.report_archive(actor=actor, report=report),
}


@login_required
@require_http_methods(["GET", "POST"])
def report_move(request, slug: str, move: str):
    """Submit a report (its authors), or moderate it (staff); the service checks who."""
    report, rights = _report_for(request, slug)
    transition = REPORT_WORKFLOW.by_slug(move)
    if transition is None:
        raise Http404("Étape inconnue.")
    if not (rights.can_moderate or (transition.name == "submit" and rights.can_edit)):
        raise PermissionDenied(perms.STAFF_ONLY)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            REPORT_MOVES[transition.name](request.user, report, form.cleaned_data["comment"])
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request,
                f"Le retour d’expérience est maintenant {report.get_status_display().lower()}.",
            )
            return redirect(report)
    return render(
        request,
        "commons/move.html",
        {
            "object": report,
            "form": form,
            "transition": transition,
            "allowed": transition.allowed_from(report.status),
            "cancel_url": report.get_absolute_url(),
            "action": reverse("commons:report_move", args=[report.slug, transition.slug]),
            "breadcrumb": {
                "links": [
                    _catalogue_link(),
                    _reports_link(),
                    {"url": report.get_absolute_url(), "title": report.title},
                ],
                "current": transition.label,
            },
        },
    )


# Contact through the platform ---------------------------------------------------------------


def _contact(request, commun: Commun, rights, *, usage=None, referent=None, recipient: str):
    _require(rights, "can_contact", perms.MEMBERS_ONLY)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_send(
                actor=request.user,
                commun=commun,
                body=form.cleaned_data["body"],
                usage=usage,
                referent=referent,
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, f"Votre message à {recipient} va partir.")
            return redirect(commun)
    return render(
        request,
        "commons/contact.html",
        {
            "commun": commun,
            "form": form,
            "recipient": recipient,
            "breadcrumb": _commun_breadcrumb(commun, f"Écrire à {recipient}"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("commons-contact", attempts="prises de contact")
def contact_usage(request, pk: int):
    usage = get_object_or_404(
        Usage.objects.visible_to(request.user).select_related("commun", "organisation"),
        pk=pk,
        contactable=True,
    )
    commun, rights = _commun_for(request, usage.commun.slug)
    return _contact(request, commun, rights, usage=usage, recipient=usage.organisation.name)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("commons-contact", attempts="prises de contact")
def contact_referent(request, slug: str, user_pk: int):
    commun, rights = _commun_for(request, slug)
    referent = get_object_or_404(commun.referents, pk=user_pk)
    return _contact(
        request,
        commun,
        rights,
        referent=referent,
        recipient=referent.get_full_name() or "ce référent",
    )


@require_http_methods(["GET", "POST"])
def contact_abuse(request, token: str):
    """The recipient of a message reports it, from the signed link of the e-mail."""
    try:
        pk = signing.loads(token, salt=notifications.ABUSE_SALT)
    except signing.BadSignature:
        raise Http404("Lien de signalement invalide.") from None
    message = get_object_or_404(ContactMessage.objects.select_related("commun"), pk=pk)
    form = AbuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_report_abuse(message=message, reason=form.cleaned_data["reason"])
        except BusinessError as error:
            refusal_show(request, error)
        else:
            messages.success(request, "Merci : l’équipe du réseau examinera ce message.")
        return redirect(message.commun)
    return render(
        request,
        "commons/abuse.html",
        {
            "message": message,
            "form": form,
            "token": token,
            "breadcrumb": {"current": "Signaler un message"},
        },
    )


# Open data -----------------------------------------------------------------------------------


def _dataset(slug: str):
    dataset = opendata.DATASETS.get(slug)
    if dataset is None:
        raise Http404("Jeu de données inconnu.")
    return dataset


@require_GET
def opendata_schema(request, slug: str):
    """The Table Schema of a dataset of the catalogue."""
    return JsonResponse(
        _dataset(slug).schema(), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


@require_GET
def opendata_download(request, slug: str, extension: str):
    dataset = _dataset(slug)
    schema_url = request.build_absolute_uri(opendata.dataset_urls(dataset)["schema"])
    return opendata.download(dataset, extension, schema_url)
