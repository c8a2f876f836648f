import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from territoires.accounts.selectors import active_membership
from territoires.core import formats
from territoires.core.access import staff_required
from territoires.core.errors import BusinessError, refusal_show
from territoires.core.workflows import transition_history
from territoires.observatory import methodology as texts
from territoires.observatory import perms, selectors, services
from territoires.observatory.enums import (
    CAMPAIGN_WORKFLOW,
    CampaignStatus,
    Publication,
    Questionnaire,
)
from territoires.observatory.forms import (
    AssessmentFilterForm,
    CampaignForm,
    CommentForm,
    PublicationForm,
    QuestionField,
    QuestionnaireForm,
    ReopenForm,
    answer_from_post,
)
from territoires.observatory.framework import available_editions, get_framework
from territoires.observatory.models import Assessment, AssessmentScore, Campaign
from territoires.observatory.scoring import model_for
from territoires.observatory.services import CAMPAIGN_MOVES


def methodology(request):
    """The public methodology page: rules, worked examples, and the current framework."""
    edition = available_editions()[0]
    framework = get_framework(edition)
    model = model_for(edition)
    min_group = settings.OBSERVATORY_PEER_MIN_GROUP
    light_example = texts.example_assessment(model, texts.LIGHT_EXAMPLE)
    axes = [
        {
            "axis": axis,
            "indicators": [
                {
                    "indicator": indicator,
                    "rule": texts.rule_text(indicator),
                    "applicability": texts.applicability_text(indicator.applies_to, framework),
                }
                for indicator in axis.indicators
            ],
        }
        for axis in framework.axes
    ]
    obligations = [
        {
            "obligation": obligation,
            "applicability": texts.scopes_text(obligation.applies_to, framework),
        }
        for obligation in framework.obligations
    ]
    return render(
        request,
        "observatory/methodology.html",
        {
            "framework": framework,
            "axes": axes,
            "obligations": obligations,
            "releases": framework.changelog[::-1],
            "min_group": min_group,
            "level_rows": zip(
                framework.levels,
                [level.min_index for level in framework.levels[1:]] + [None],
                strict=True,
            ),
            "axis_example": texts.example_assessment(model, texts.AXIS_EXAMPLE),
            "light_example": light_example,
            "peer_example": texts.peer_example(light_example.index, min_group=min_group),
            "breadcrumb": {"links": [_observatory_link()], "current": "Méthodologie"},
        },
    )


def framework_download(request, edition: int):
    """The framework of an edition as JSON, to download."""
    if edition not in available_editions():
        raise Http404("Aucun référentiel pour cette édition.")
    framework = get_framework(edition)
    response = JsonResponse(
        framework.as_dict(), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{framework.json_filename}"'
    return response


# ------------------------------------------------------------------ the questionnaire


def _assessment_for(request, pk: int) -> tuple[Assessment, perms.AssessmentRights]:
    """The assessment and the user's rights on it, if they may read it; 404 otherwise
    (nothing leaks)."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("campaign", "territory"), pk=pk
    )
    rights = perms.assessment_rights(request.user, assessment)
    if not rights.can_view:
        raise Http404("Évaluation introuvable.")
    return assessment, rights


def _member_of(rights: perms.AssessmentRights) -> None:
    """A 403 page unless the user is a member (the service then refuses what the state of
    the assessment forbids, with its own words)."""
    if not rights.territory.can_answer:
        raise PermissionDenied(perms.MEMBERS_ONLY)


def _referent_of(rights: perms.AssessmentRights) -> None:
    if not rights.territory.can_decide:
        raise PermissionDenied(perms.REFERENTS_ONLY)


def _observatory_link() -> dict:
    return {"url": reverse("observatory_public:landing"), "title": "Observatoire"}


def _assessment_breadcrumb(assessment: Assessment, current: str) -> dict:
    return {
        "links": [
            _observatory_link(),
            {"url": reverse("observatory:my_assessments"), "title": "Mon évaluation"},
            {
                "url": reverse("observatory:assessment", args=[assessment.pk]),
                "title": f"{assessment.territory.name} — {assessment.campaign.year}",
            },
        ],
        "current": current,
    }


def _assessment_context(
    assessment: Assessment, rights: perms.AssessmentRights, axes: list | None = None
) -> dict:
    """What every page of an assessment shows: the axes with progress (``axes``, when the
    view has just read them), the current results."""
    if axes is None:
        axes = selectors.questionnaire(assessment)
    resolved = sum(axis.resolved for axis in axes)
    total = sum(axis.total for axis in axes)
    framework = get_framework(assessment.campaign.edition)
    score = AssessmentScore.objects.filter(assessment=assessment).first()
    return {
        "assessment": assessment,
        "framework": framework,
        "axes": axes,
        "resolved": resolved,
        "total": total,
        "percent": round(100 * resolved / total) if total else 0,
        "score": score,
        "level": framework.level_for(score.index) if score else None,
        "rights": rights,
    }


@login_required
@require_GET
def my_assessments(request):
    """The observatory space of the collectivité the user acts for."""
    membership = active_membership(request)
    territory = membership.organisation.territory if membership else None
    campaigns = selectors.territory_campaigns(territory) if territory else []
    light = None
    if territory is not None:
        light = get_framework(available_editions()[0]).light_questionnaire
        if not light.eligible(kind=territory.kind, population=territory.population):
            light = None
    return render(
        request,
        "observatory/my_assessments.html",
        {
            "membership": membership,
            "territory": territory,
            "campaigns": campaigns,
            "light": light,
            "breadcrumb": {"links": [_observatory_link()], "current": "Mon évaluation"},
        },
    )


@login_required
@require_POST
def assessment_start(request, campaign_pk: int):
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    membership = active_membership(request)
    if membership is None or membership.organisation.territory is None:
        raise PermissionDenied("Seuls les membres d’une collectivité répondent au questionnaire.")
    form = QuestionnaireForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["questionnaire"]))
        return redirect("observatory:my_assessments")
    try:
        assessment = services.assessment_start(
            actor=request.user,
            campaign=campaign,
            territory=membership.organisation.territory,
            questionnaire=form.cleaned_data["questionnaire"],
        )
    except BusinessError as error:
        refusal_show(request, error)
        return redirect("observatory:my_assessments")
    return redirect("observatory:assessment", pk=assessment.pk)


@login_required
@require_GET
def assessment(request, pk: int):
    assessment, rights = _assessment_for(request, pk)
    context = _assessment_context(assessment, rights)
    territory = assessment.territory
    framework, score = context["framework"], context["score"]
    light = framework.light_questionnaire
    context.update(
        {
            # The service refuses a submission under the threshold: the button says so before.
            "submit_ready": score is not None
            and score.completeness >= framework.completeness_threshold,
            "light_eligible": light.eligible(kind=territory.kind, population=territory.population),
            "questionnaire_form": QuestionnaireForm(
                initial={"questionnaire": assessment.questionnaire}
            ),
            "publication_form": PublicationForm(initial={"publication": assessment.publication}),
            "min_group": settings.OBSERVATORY_PEER_MIN_GROUP,
            "history": transition_history(assessment),
            "breadcrumb": {
                "links": [
                    _observatory_link(),
                    {"url": reverse("observatory:my_assessments"), "title": "Mon évaluation"},
                ],
                "current": f"{territory.name} — {assessment.campaign.year}",
            },
        }
    )
    return render(request, "observatory/assessment.html", context)


def _axis_of(axes, axis_code: str):
    for axis in axes:
        if axis.axis.code == axis_code:
            return axis
    raise Http404("Axe introuvable dans ce questionnaire.")


def _axis_page(request, assessment, rights, axis_code: str, fields=None, axes=None):
    context = _assessment_context(assessment, rights, axes)
    axes = context["axes"]
    current = _axis_of(axes, axis_code)
    position = axes.index(current)
    context.update(
        {
            "current": current,
            "fields": fields or [QuestionField.stored(q) for q in current.questions],
            "previous_axis": axes[position - 1] if position > 0 else None,
            "next_axis": axes[position + 1] if position + 1 < len(axes) else None,
            "breadcrumb": _assessment_breadcrumb(assessment, current.axis.name),
        }
    )
    return render(request, "observatory/axis.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_axis(request, pk: int, axis_code: str):
    """One axis of the questionnaire; the form also saves without JavaScript."""
    assessment, rights = _assessment_for(request, pk)
    if request.method == "GET":
        return _axis_page(request, assessment, rights, axis_code)
    _member_of(rights)
    axes = selectors.questionnaire(assessment)
    current = _axis_of(axes, axis_code)
    given, errors = {}, {}
    for question in current.questions:
        try:
            given[question.indicator.code] = answer_from_post(question.indicator, request.POST)
        except ValidationError as error:
            errors[question.indicator.code] = " ".join(error.messages)
    if not errors:
        try:
            changed = services.answers_save(
                actor=request.user, assessment=assessment, answers=given
            )
        except BusinessError as error:
            if not error.errors:
                refusal_show(request, error)
                return redirect("observatory:assessment_axis", pk=pk, axis_code=axis_code)
            errors = {code: " ".join(texts) for code, texts in error.errors.items()}
        else:
            count = len(changed)
            messages.success(
                request,
                f"{count} réponse{'s' if count > 1 else ''} enregistrée{'s' if count > 1 else ''}."
                if count
                else "Aucune réponse n’a changé.",
            )
            return redirect("observatory:assessment_axis", pk=pk, axis_code=axis_code)
    fields = [
        QuestionField.posted(q, request.POST, errors.get(q.indicator.code, ""))
        for q in current.questions
    ]
    messages.error(request, services.ANSWERS_REFUSED)
    return _axis_page(request, assessment, rights, axis_code, fields=fields, axes=axes)


@login_required
@require_POST
def answer_save(request, pk: int, code: str):
    """Save one question as it is typed (htmx): the partial of its saved state, or its error.

    The questionnaire is read once, after the save, for the partial.
    """
    assessment, rights = _assessment_for(request, pk)
    _member_of(rights)
    indicator = selectors.asked_indicators(assessment).get(code)
    if indicator is None:
        raise Http404("Question introuvable dans ce questionnaire.")
    error = ""
    try:
        given = answer_from_post(indicator, request.POST)
        services.answers_save(actor=request.user, assessment=assessment, answers={code: given})
    except ValidationError as failure:
        error = " ".join(failure.messages)
    except BusinessError as failure:
        error = " ".join(failure.errors.get(code, [failure.message]))
    if not request.htmx:
        if error:
            messages.error(request, f"{code} : {error}")
        else:
            messages.success(request, f"Réponse à la question {code} enregistrée.")
        url = reverse("observatory:assessment_axis", args=[pk, indicator.axis])
        return redirect(f"{url}#question-{code}")
    context = _assessment_context(assessment, rights)
    context["current"] = _axis_of(context["axes"], indicator.axis)
    stored = next(q for q in context["current"].questions if q.indicator.code == code)
    field = (
        QuestionField.posted(stored, request.POST, error)
        if error
        else QuestionField.stored(stored, saved=True)
    )
    return render(request, "observatory/_answer_saved.html", {**context, "field": field})


@login_required
@require_POST
def prefill_confirm(request, pk: int, axis_code: str):
    """Take last campaign's answers: one question (``indicateur``) or the whole axis."""
    assessment, rights = _assessment_for(request, pk)
    _member_of(rights)
    current = _axis_of(selectors.questionnaire(assessment), axis_code)
    code = request.POST.get("indicateur", "")
    codes = [code] if code else [q.indicator.code for q in current.proposals]
    try:
        saved = services.prefill_confirm(
            actor=request.user, assessment=assessment, indicator_codes=codes
        )
    except BusinessError as error:
        refusal_show(request, error)
    else:
        count = len(saved)
        messages.success(
            request,
            f"{count} réponse{'s' if count > 1 else ''} de la campagne précédente "
            f"reprise{'s' if count > 1 else ''}.",
        )
    return redirect("observatory:assessment_axis", pk=pk, axis_code=axis_code)


@login_required
@require_POST
def assessment_questionnaire(request, pk: int):
    assessment, rights = _assessment_for(request, pk)
    _member_of(rights)
    form = QuestionnaireForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["questionnaire"]))
        return redirect("observatory:assessment", pk=pk)
    try:
        services.assessment_questionnaire_set(
            actor=request.user,
            assessment=assessment,
            questionnaire=form.cleaned_data["questionnaire"],
        )
    except BusinessError as error:
        refusal_show(request, error)
    else:
        label = Questionnaire(form.cleaned_data["questionnaire"]).label
        messages.success(request, f"Vous répondez au {label.lower()}.")
    return redirect("observatory:assessment", pk=pk)


@login_required
@require_POST
def assessment_submit(request, pk: int):
    assessment, rights = _assessment_for(request, pk)
    _referent_of(rights)
    try:
        services.assessment_submit(actor=request.user, assessment=assessment)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, "Évaluation soumise. Elle n’est plus modifiable.")
    return redirect("observatory:assessment", pk=pk)


@login_required
@require_POST
def assessment_publication(request, pk: int):
    assessment, rights = _assessment_for(request, pk)
    _referent_of(rights)
    form = PublicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["publication"]))
        return redirect("observatory:assessment", pk=pk)
    try:
        services.assessment_publication_set(
            actor=request.user,
            assessment=assessment,
            publication=form.cleaned_data["publication"],
        )
    except BusinessError as error:
        refusal_show(request, error)
    else:
        label = Publication(form.cleaned_data["publication"]).label
        messages.success(request, f"Choix de publication enregistré : {label.lower()}.")
    return redirect("observatory:assessment", pk=pk)


@login_required
@require_GET
def assessment_results(request, pk: int):
    assessment, rights = _assessment_for(request, pk)
    context = _assessment_context(assessment, rights)
    score = context["score"]
    context.update(
        {
            "axis_rows": [
                (item, score.axis_scores.get(item.axis.code) if score else None)
                for item in context["axes"]
            ],
            **selectors.assessment_progress(assessment),
            "peers_due": assessment.campaign.status == CampaignStatus.PUBLISHED,
            "peers": selectors.peer_comparisons(assessment, score) if score else [],
            "gaps": selectors.assessment_gaps(assessment, score),
            "min_group": settings.OBSERVATORY_PEER_MIN_GROUP,
            "breadcrumb": _assessment_breadcrumb(assessment, "Résultats"),
        }
    )
    return render(request, "observatory/results.html", context)


# ------------------------------------------------------------------ staff


ASSESSMENTS_PER_PAGE = 50  # a campaign may have 36,000 assessments


@staff_required
@require_http_methods(["GET", "POST"])
def staff_campaigns(request):
    form = CampaignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, f"Campagne « {campaign.title} » créée, en préparation.")
            if campaign.replaced_demo:
                messages.info(
                    request,
                    f"La campagne de démonstration {campaign.year} a été supprimée : "
                    "une campagne de démonstration ne bloque jamais une vraie campagne.",
                )
            return redirect("observatory:staff_campaign", pk=campaign.pk)
    return render(
        request,
        "observatory/staff_campaigns.html",
        {
            "form": form,
            "campaigns": selectors.campaigns_for_staff(),
            "breadcrumb": {"current": "Campagnes de l’Observatoire"},
        },
    )


def _staff_breadcrumb(campaign: Campaign | None, current: str) -> dict:
    links = [{"url": reverse("observatory:staff_campaigns"), "title": "Campagnes"}]
    if campaign is not None:
        links.append(
            {
                "url": reverse("observatory:staff_campaign", args=[campaign.pk]),
                "title": campaign.title,
            }
        )
    return {"links": links, "current": current}


@staff_required
@require_GET
def staff_campaign(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    filters = AssessmentFilterForm(request.GET or None)
    return render(
        request,
        "observatory/staff_campaign.html",
        {
            "campaign": campaign,
            "moves": CAMPAIGN_WORKFLOW.available(campaign.status),
            "participation": selectors.campaign_participation(campaign),
            "filters": filters,
            "export_query": request.GET.urlencode(),
            "page": Paginator(
                selectors.campaign_assessments(campaign, **filters.filters()),
                ASSESSMENTS_PER_PAGE,
            ).get_page(request.GET.get("page")),
            "history": transition_history(campaign),
            "breadcrumb": _staff_breadcrumb(None, campaign.title),
        },
    )


ASSESSMENTS_CSV_COLUMNS = [
    "code_insee",
    "type",
    "collectivite",
    "questionnaire",
    "etat",
    "completude",
    "indice",
    "publication",
    "soumise_le",
]


@staff_required
@require_GET
def staff_campaign_export(request, pk: int):
    """The assessments of the staff page, as searched and filtered there, in CSV (UTF-8, « ; »
    as separator, as spreadsheets in French expect)."""
    campaign = get_object_or_404(Campaign, pk=pk)
    filters = AssessmentFilterForm(request.GET or None).filters()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluations-{campaign.year}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(ASSESSMENTS_CSV_COLUMNS)
    for item in selectors.campaign_assessments(campaign, **filters):
        score = getattr(item, "score", None)
        writer.writerow(
            [
                item.territory.code,
                item.territory.get_kind_display(),
                item.territory.name,
                item.get_questionnaire_display(),
                item.get_status_display(),
                formats.percent(score.completeness) if score else "",
                formats.score(score.index) if score and score.index is not None else "",
                item.get_publication_display(),
                timezone.localtime(item.submitted_at).date().isoformat()
                if item.submitted_at
                else "",
            ]
        )
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def staff_campaign_move(request, pk: int, move: str):
    """Confirm, then move the campaign through its lifecycle."""
    campaign = get_object_or_404(Campaign, pk=pk)
    transition = CAMPAIGN_WORKFLOW.by_slug(move)
    if transition is None:
        raise Http404("Étape inconnue.")
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            CAMPAIGN_MOVES[transition.name](
                actor=request.user, campaign=campaign, comment=form.cleaned_data["comment"]
            )
        except BusinessError as error:
            refusal_show(request, error)
        else:
            messages.success(
                request,
                f"La campagne « {campaign.title} » est maintenant "
                f"{campaign.get_status_display().lower()}.",
            )
        return redirect("observatory:staff_campaign", pk=pk)
    return render(
        request,
        "observatory/staff_campaign_move.html",
        {
            "campaign": campaign,
            "form": form,
            "transition": transition,
            "allowed": transition.allowed_from(campaign.status),
            "breadcrumb": _staff_breadcrumb(campaign, transition.label),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_assessment_reopen(request, pk: int):
    assessment = get_object_or_404(
        Assessment.objects.select_related("campaign", "territory"), pk=pk
    )
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_reopen(
                actor=request.user, assessment=assessment, comment=form.cleaned_data["comment"]
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(
                request, f"L’évaluation de {assessment.territory.name} est rouverte à la saisie."
            )
            return redirect("observatory:assessment", pk=pk)
    return render(
        request,
        "observatory/staff_reopen.html",
        {
            "assessment": assessment,
            "form": form,
            "breadcrumb": _staff_breadcrumb(assessment.campaign, "Rouvrir une évaluation"),
        },
    )
