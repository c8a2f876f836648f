"""Pages of the bourse: thin views that parse input, call a service or a selector, render.

Every object page checks the visitor's rights on the server (``perms``); an object the
visitor may not see is « introuvable » (404), so that nothing leaks, not even its existence.
"""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from territoires.accounts.selectors import active_membership
from territoires.core.access import staff_required
from territoires.core.errors import BusinessError, refusal_show
from territoires.core.opendata import FORMATS
from territoires.core.workflows import transition_history
from territoires.exchange import convention, perms, selectors, services
from territoires.exchange import opendata as opendata_files
from territoires.exchange.enums import AGREEMENT_WORKFLOW, OFFER_WORKFLOW, AgreementStatus
from territoires.exchange.forms import (
    ConventionForm,
    DeclineForm,
    EvaluationForm,
    MoveForm,
    NeedForm,
    OfferFilterForm,
    OfferForm,
    RequestForm,
    SavedSearchForm,
)
from territoires.exchange.models import Agreement, Need, Offer, SavedSearch
from territoires.exchange.taxonomy import get_taxonomy
from territoires.geo.enums import KIND_URL_SEGMENTS, TerritoryKind, Zone
from territoires.geo.models import Territory
from territoires.observatory.maps import MapClass, choropleth

PAGE_SIZE = 20


def _bourse_link() -> dict:
    return {"url": reverse("exchange:home"), "title": "Bourse"}


def _breadcrumb(current: str, *links: dict) -> dict:
    return {"links": [_bourse_link(), *links], "current": current}


def _organisation(request):
    """The organisation the user acts for; a 403 without one."""
    membership = active_membership(request)
    if membership is None:
        raise PermissionDenied(perms.MEMBERS_ONLY)
    return membership.organisation


def _area_territory(code: str) -> Territory | None:
    kind, _, value = code.partition(":")
    return Territory.objects.current().filter(kind=kind, code=value).first() if value else None


# ---------------------------------------------------------------- offers


@require_GET
def home(request):
    """The published offers, with filters (skill, area served, modality)."""
    filters = OfferFilterForm(request.GET or None)
    offers = Offer.objects.published().select_related("provider")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["skill"]:
            offers = offers.filter(skill=data["skill"])
        if data["modality"]:
            offers = offers.filter(modality=data["modality"])
        area = _area_territory(data["area"]) if data["area"] else None
        if area is not None:
            offers = selectors.offers_covering(offers, area)
    page = Paginator(offers.order_by("-published_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "exchange/home.html",
        {
            "filters": filters,
            "page": page,
            "membership": active_membership(request),
            "breadcrumb": {"links": [], "current": "Bourse"},
        },
    )


def _offer_for(request, pk: int) -> tuple[Offer, perms.OfferRights]:
    offer = get_object_or_404(Offer.objects.select_related("provider"), pk=pk)
    rights = perms.offer_rights(request.user, offer)
    if not rights.can_view:
        raise Http404("Offre introuvable.")
    return offer, rights


@require_GET
def offer(request, pk: int):
    offer, rights = _offer_for(request, pk)
    needs, need_count = ([], 0)
    if rights.can_edit:
        needs, need_count = selectors.needs_for_offer(offer)
    # Grouped requests waiting for an answer, that another organisation may join (their
    # beneficiaries are not named).
    pending = (
        offer.agreements.filter(status=AgreementStatus.REQUESTED).annotate(
            beneficiary_count=Count("beneficiaries")
        )
        if rights.can_request
        else []
    )
    return render(
        request,
        "exchange/offer.html",
        {
            "offer": offer,
            "rights": rights,
            "places_left": max(offer.capacity - selectors.places_taken(offer), 0),
            "area": offer.area.order_by("kind", "name"),
            "moves": [
                move
                for move in OFFER_WORKFLOW.available(offer.status)
                if (rights.can_edit if move.name == "publish" else rights.can_moderate)
            ],
            "needs": needs,
            "need_count": need_count,
            "pending": pending,
            "history": transition_history(offer) if rights.can_moderate else [],
            "breadcrumb": _breadcrumb(offer.title),
        },
    )


def _offer_values(form) -> tuple[dict, list[str]]:
    values = dict(form.cleaned_data)
    return values, values.pop("area")


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request):
    provider = _organisation(request)
    form = OfferForm(request.POST or None, initial={"contact_email": request.user.email})
    if request.method == "POST" and form.is_valid():
        values, area = _offer_values(form)
        try:
            created = services.offer_save(
                actor=request.user, provider=provider, values=values, area_codes=area
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request, "Offre enregistrée en brouillon : publiez-la pour la proposer."
            )
            return redirect("exchange:offer", pk=created.pk)
    return render(
        request,
        "exchange/offer_form.html",
        {"form": form, "provider": provider, "breadcrumb": _breadcrumb("Proposer une offre")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, pk: int):
    offer, rights = _offer_for(request, pk)
    if not rights.can_edit:
        raise PermissionDenied(perms.PROVIDER_ONLY)
    initial = {
        "area": [f"{territory.kind}:{territory.code}" for territory in offer.area.all()],
        **{field: getattr(offer, field) for field in services.OFFER_FIELDS},
    }
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values, area = _offer_values(form)
        try:
            services.offer_save(
                actor=request.user,
                provider=offer.provider,
                offer=offer,
                values=values,
                area_codes=area,
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Offre modifiée.")
            return redirect("exchange:offer", pk=offer.pk)
    return render(
        request,
        "exchange/offer_form.html",
        {
            "form": form,
            "offer": offer,
            "provider": offer.provider,
            "breadcrumb": _breadcrumb(
                "Modifier",
                {"url": reverse("exchange:offer", args=[offer.pk]), "title": offer.title},
            ),
        },
    )


@login_required
@require_POST
def offer_move(request, pk: int, slug: str):
    offer, _ = _offer_for(request, pk)
    move = OFFER_WORKFLOW.by_slug(slug)
    if move is None:
        raise Http404("Action inconnue.")
    try:
        services.offer_move(actor=request.user, offer=offer, name=move.name)
    except BusinessError as error:
        if error.status == 403:
            raise PermissionDenied(error.message) from None
        refusal_show(request, error)
    else:
        messages.success(request, f"Offre {offer.get_status_display().lower()}.")
    return redirect("exchange:offer", pk=offer.pk)


# ---------------------------------------------------------------- needs


@require_GET
def needs(request):
    """The published needs, and the needs of the user's organisation."""
    membership = active_membership(request)
    own = (
        Need.objects.filter(organisation=membership.organisation) if membership is not None else []
    )
    published = Need.objects.published().select_related("organisation")
    if membership is not None:
        published = published.exclude(organisation=membership.organisation)
    page = Paginator(published, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/needs.html",
        {
            "membership": membership,
            "own": own,
            "page": page,
            "breadcrumb": _breadcrumb("Besoins"),
        },
    )


def _need_for(request, pk: int) -> tuple[Need, perms.NeedRights]:
    need = get_object_or_404(Need.objects.select_related("organisation"), pk=pk)
    rights = perms.need_rights(request.user, need)
    if not rights.can_view:
        raise Http404("Besoin introuvable.")
    return need, rights


@require_GET
def need(request, pk: int):
    """A need; for its organisation's members, the offers that can serve it, ranked, with
    the breakdown of each score and the reason of each offer left out."""
    need, rights = _need_for(request, pk)
    return render(
        request,
        "exchange/need.html",
        {
            "need": need,
            "rights": rights,
            "results": selectors.offers_for_need(need) if rights.can_edit else None,
            "breadcrumb": _breadcrumb(
                need.skill_name, {"url": reverse("exchange:needs"), "title": "Besoins"}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_form(request, pk: int | None = None):
    if pk is None:
        need, organisation = None, _organisation(request)
        initial = {"skill": request.GET.get("competence", "")}
    else:
        need, rights = _need_for(request, pk)
        if not rights.can_edit:
            raise PermissionDenied(perms.NEED_MEMBERS_ONLY)
        organisation = need.organisation
        initial = {field: getattr(need, field) for field in services.NEED_FIELDS}
        initial["is_published"] = need.is_published
    form = NeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        is_published = values.pop("is_published")
        try:
            saved = services.need_save(
                actor=request.user,
                organisation=organisation,
                need=need,
                values=values,
                is_published=is_published,
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Besoin enregistré.")
            return redirect("exchange:need", pk=saved.pk)
    return render(
        request,
        "exchange/need_form.html",
        {
            "form": form,
            "need": need,
            "organisation": organisation,
            "breadcrumb": _breadcrumb(
                "Modifier le besoin" if need else "Exprimer un besoin",
                {"url": reverse("exchange:needs"), "title": "Besoins"},
            ),
        },
    )


# ---------------------------------------------------------------- agreements


@login_required
@require_http_methods(["GET", "POST"])
def agreement_request(request, pk: int):
    """Ask for an offer, for the organisation the user acts for; the message may come
    prefilled (from a gap of the observatory)."""
    offer, rights = _offer_for(request, pk)
    organisation = _organisation(request)
    if not rights.can_request or offer.provider_id == organisation.pk:
        raise PermissionDenied("Vous ne pouvez pas demander cette offre.")
    own_needs = Need.objects.filter(organisation=organisation)
    initial = {"message": request.GET.get("message", "")[:2000]}
    form = RequestForm(request.POST or None, initial=initial, needs=own_needs)
    if request.method == "POST" and form.is_valid():
        need = own_needs.filter(pk=form.cleaned_data["need"]).first()
        try:
            agreement = services.agreement_request(
                actor=request.user,
                offer=offer,
                organisation=organisation,
                need=need if form.cleaned_data["need"] else None,
                message=form.cleaned_data["message"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Demande envoyée : l’offreur est prévenu par courriel.")
            return redirect("exchange:agreement", pk=agreement.pk)
    return render(
        request,
        "exchange/request_form.html",
        {
            "form": form,
            "offer": offer,
            "organisation": organisation,
            "breadcrumb": _breadcrumb(
                "Demander",
                {"url": reverse("exchange:offer", args=[offer.pk]), "title": offer.title},
            ),
        },
    )


@login_required
@require_POST
def agreement_join(request, pk: int):
    """Join a grouped request waiting for its answer, for the organisation the user acts for."""
    agreement = get_object_or_404(Agreement.objects.select_related("offer"), pk=pk)
    offer, rights = _offer_for(request, agreement.offer_id)
    if not rights.can_request:
        raise Http404("Demande introuvable.")
    try:
        services.agreement_join(
            actor=request.user, agreement=agreement, organisation=_organisation(request)
        )
    except BusinessError as error:
        refusal_show(request, error)
        return redirect("exchange:offer", pk=offer.pk)
    messages.success(request, "Votre organisation a rejoint la demande groupée.")
    return redirect("exchange:agreement", pk=agreement.pk)


@login_required
@require_GET
def agreements(request):
    """The agreements of the user's organisations, as provider or as beneficiary."""
    organisations = perms.organisation_ids(request.user)
    rows = (
        Agreement.objects.filter(
            Q(offer__provider_id__in=organisations)
            | Q(beneficiaries__organisation_id__in=organisations)
        )
        .distinct()
        .select_related("offer__provider", "requester")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/agreements.html",
        {"page": page, "breadcrumb": _breadcrumb("Mes accords")},
    )


def _agreement_for(request, pk: int) -> tuple[Agreement, perms.AgreementRights]:
    agreement = get_object_or_404(
        Agreement.objects.select_related("offer__provider", "requester"), pk=pk
    )
    rights = perms.agreement_rights(request.user, agreement)
    if not rights.can_view:
        raise Http404("Accord introuvable.")
    return agreement, rights


MOVE_FORMS = {"decline": DeclineForm, "evaluate": EvaluationForm}


def _agreement_page(request, agreement, rights, *, forms=None, status=200):
    forms = forms or {}
    moves = [
        (move, forms.get(move.name) or MOVE_FORMS.get(move.name, MoveForm)(prefix=move.name))
        for move in AGREEMENT_WORKFLOW.transitions
        if rights.can(move.name) and move.name != "draft"
    ]
    conventions = list(agreement.conventions.order_by("-number"))
    latest = conventions[0] if conventions else None
    convention_form = forms.get("draft") or ConventionForm(
        prefix="convention",
        initial={
            "purpose": latest.purpose if latest else agreement.offer.description,
            "duration_months": latest.duration_months if latest else 12,
            "cost_key": latest.cost_key if latest else agreement.offer.get_cost_model_display(),
        },
    )
    return render(
        request,
        "exchange/agreement.html",
        {
            "agreement": agreement,
            "rights": rights,
            "moves": moves,
            "beneficiaries": agreement.beneficiaries.select_related("organisation", "need"),
            "conventions": conventions,
            "convention_form": convention_form if rights.can("draft") else None,
            "history": transition_history(agreement),
            "breadcrumb": _breadcrumb(
                str(agreement.offer),
                {"url": reverse("exchange:agreements"), "title": "Mes accords"},
            ),
        },
        status=status,
    )


@login_required
@require_GET
def agreement(request, pk: int):
    agreement, rights = _agreement_for(request, pk)
    return _agreement_page(request, agreement, rights)


@login_required
@require_POST
def agreement_move(request, pk: int, slug: str):
    agreement, rights = _agreement_for(request, pk)
    move = AGREEMENT_WORKFLOW.by_slug(slug)
    if move is None or move.name in ("draft", "expire"):
        raise Http404("Action inconnue.")
    form = MOVE_FORMS.get(move.name, MoveForm)(request.POST, prefix=move.name)
    if not form.is_valid():
        return _agreement_page(request, agreement, rights, forms={move.name: form}, status=400)
    try:
        services.agreement_move(
            actor=request.user,
            agreement=agreement,
            name=move.name,
            comment=form.cleaned_data.get("comment", ""),
            satisfaction=form.cleaned_data.get("satisfaction"),
        )
    except BusinessError as error:
        if error.status == 403:
            raise PermissionDenied(error.message) from None
        # Field errors under the move's field; a refusal of the state as the page's message.
        refusal_show(request, error, form=form if error.errors else None)
        rights = perms.agreement_rights(request.user, agreement)
        return _agreement_page(
            request, agreement, rights, forms={move.name: form}, status=error.status
        )
    messages.success(request, f"Accord : {agreement.get_status_display().lower()}.")
    return redirect("exchange:agreement", pk=agreement.pk)


@login_required
@require_POST
def convention_draft(request, pk: int):
    agreement, rights = _agreement_for(request, pk)
    form = ConventionForm(request.POST, prefix="convention")
    if form.is_valid():
        try:
            version = services.convention_draft(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )
        except BusinessError as error:
            if error.status == 403:
                raise PermissionDenied(error.message) from None
            refusal_show(request, error, form=form)
        else:
            messages.success(request, f"Convention enregistrée (version {version.number}).")
            return redirect("exchange:agreement", pk=agreement.pk)
    return _agreement_page(request, agreement, rights, forms={"draft": form}, status=400)


CONVENTION_FORMATS = {
    "pdf": (convention.convention_pdf, convention.PDF_MEDIA_TYPE),
    "docx": (convention.convention_docx, convention.DOCX_MEDIA_TYPE),
}


@login_required
@require_GET
def convention_download(request, pk: int, number: int, extension: str):
    """A version of the convention as a PDF or a Word document: for the parties only."""
    agreement, _ = _agreement_for(request, pk)
    version = get_object_or_404(agreement.conventions, number=number)
    if extension not in CONVENTION_FORMATS:
        raise Http404("Format inconnu.")
    write, media_type = CONVENTION_FORMATS[extension]
    response = HttpResponse(write(version), content_type=media_type)
    response["Content-Disposition"] = (
        f'attachment; filename="convention-{agreement.pk}-v{version.number}.{extension}"'
    )
    return response


# ---------------------------------------------------------------- open data, statistics

COVERAGE_CLASSES = (
    MapClass(0, 1, "Aucune offre"),
    MapClass(1, 3, "1 ou 2 offres"),
    MapClass(3, 6, "3 à 5 offres"),
    MapClass(6, 11, "6 à 10 offres"),
    MapClass(11, math.inf, "Plus de 10 offres"),
)


@require_GET
def opendata(request):
    """The bourse's public figures: the départements served (a map and its table), the
    agreements by skill and région (never a count under 5), the open data files."""
    coverage = selectors.departement_coverage()
    departements = list(
        Territory.objects.current()
        .filter(kind=TerritoryKind.DEPARTEMENT)
        .exclude(zone=Zone.COM)
        .order_by("code")
        .values_list("code", "name", "zone")
    )
    figure = choropleth(
        TerritoryKind.DEPARTEMENT,
        departements,
        {code: coverage.get(code, 0) for code, _, _ in departements},
        COVERAGE_CLASSES,
        {
            code: reverse(
                "geo:territory",
                kwargs={"segment": KIND_URL_SEGMENTS[TerritoryKind.DEPARTEMENT], "code": code},
            )
            for code, _, _ in departements
        },
        value_label="offres publiées :",
    )
    return render(
        request,
        "exchange/opendata.html",
        {
            "figure": figure,
            "rows": [(code, name, coverage.get(code, 0)) for code, name, _ in departements],
            "statistics": selectors.agreement_statistics(),
            "urls": opendata_files.dataset_urls(),
            "breadcrumb": _breadcrumb("Données et statistiques"),
        },
    )


@require_GET
def opendata_download(request, extension: str):
    if extension not in FORMATS:
        raise Http404("Format inconnu.")
    schema_url = request.build_absolute_uri(reverse("exchange:opendata_schema"))
    return opendata_files.offers_download(extension, schema_url)


@require_GET
def opendata_schema(request):
    return JsonResponse(
        opendata_files.offers_schema(), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


# ---------------------------------------------------------------- the network's voice


def _voice_year(request) -> int:
    year = request.GET.get("annee", "")
    return (
        int(year) if year.isascii() and year.isdecimal() and len(year) == 4 else timezone.now().year
    )


@staff_required
@require_GET
def network_voice(request):
    """For the staff: the needs of the network's members, in numbers only."""
    voice = selectors.network_voice(_voice_year(request))
    return render(
        request,
        "exchange/network_voice.html",
        {"voice": voice, "breadcrumb": _breadcrumb("La voix du réseau")},
    )


@staff_required
@require_GET
def network_voice_download(request):
    voice = selectors.network_voice(_voice_year(request))
    response = HttpResponse(convention.voice_docx(voice), content_type=convention.DOCX_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="voix-du-reseau-{voice.year}.docx"'
    return response


# ---------------------------------------------------------------- saved searches


@login_required
@require_http_methods(["GET", "POST"])
def searches(request):
    """The user's saved searches, and the form to add one."""
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.saved_search_create(
                actor=request.user,
                target=data["target"],
                skill=data["skill"],
                frequency=data["frequency"],
                area=_area_territory(data["area"]),
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, "Recherche enregistrée : vous serez prévenu par courriel.")
            return redirect("exchange:searches")
    return render(
        request,
        "exchange/searches.html",
        {
            "form": form,
            "searches": SavedSearch.objects.filter(user=request.user).select_related("area"),
            "skills": get_taxonomy().by_code,
            "breadcrumb": _breadcrumb("Mes alertes"),
        },
    )


@login_required
@require_POST
def search_delete(request, pk: int):
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    services.saved_search_delete(actor=request.user, search=search)
    messages.success(request, "Recherche supprimée.")
    return redirect("exchange:searches")
