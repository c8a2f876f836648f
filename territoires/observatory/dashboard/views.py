"""The dashboard of a collectivité, its per-question comparison, its printable summary and PDF.

Every page answers 404 unless the user may see something of the collectivité for
the campaign (``selectors.dashboard_campaigns``): nothing tells a private
assessment from a missing one.
"""

import dataclasses

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from territoires.core.charts import BarInput, bar_chart, count_scale
from territoires.core.formats import number
from territoires.geo.enums import KIND_BY_URL_SEGMENT, KIND_URL_SEGMENTS
from territoires.geo.models import Territory
from territoires.observatory import matrices
from territoires.observatory.dashboard import pdf, selectors
from territoires.observatory.dashboard.forms import PeerGroupForm
from territoires.observatory.enums import CampaignStatus
from territoires.observatory.framework import ASSESSED_KINDS, get_framework
from territoires.observatory.perms import territory_rights
from territoires.observatory.selectors import assessment_gaps


@dataclasses.dataclass(frozen=True)
class Page:
    """What every page of a dashboard knows: the territory, the campaigns, the one shown."""

    territory: Territory
    campaigns: list[selectors.DashboardCampaign]
    selected: selectors.DashboardCampaign
    private: bool

    @property
    def campaign(self):
        return self.selected.campaign

    @property
    def assessment(self):
        return self.selected.assessment

    @property
    def answers_visible(self) -> bool:
        return self.assessment is not None and (
            self.private or selectors.answers_are_public(self.assessment)
        )

    @property
    def published(self) -> bool:
        return self.campaign.status == CampaignStatus.PUBLISHED


def dashboard_url(territory: Territory, campaign=None, name: str = "dashboard") -> str:
    url = reverse(
        f"observatory:{name}",
        kwargs={"segment": KIND_URL_SEGMENTS[territory.kind], "code": territory.code},
    )
    return f"{url}?campagne={campaign.year}" if campaign is not None else url


def _page(request, segment: str, code: str, *, own_assessment: bool = False) -> Page:
    kind = KIND_BY_URL_SEGMENT.get(segment)
    if kind not in ASSESSED_KINDS:
        raise Http404("Aucun tableau de bord pour ce type de territoire.")
    territory = get_object_or_404(
        Territory.objects.select_related("region", "departement", "epci"),
        kind=kind,
        code=code.upper(),
    )
    private = territory_rights(request.user, territory.pk).can_view
    campaigns = selectors.dashboard_campaigns(territory, private=private)
    if own_assessment:
        campaigns = [item for item in campaigns if item.assessment is not None]
    year = request.GET.get("campagne", "")
    selected = next(
        (item for item in campaigns if not year or str(item.campaign.year) == year), None
    )
    if selected is None:
        raise Http404("Aucun résultat à montrer pour cette collectivité et cette campagne.")
    return Page(territory, campaigns, selected, private)


def _breadcrumb(page: Page, current: str, *, dashboard_link: bool = False) -> dict:
    links = [
        {"url": reverse("geo:index"), "title": "Territoires"},
        {"url": page.territory.get_absolute_url(), "title": page.territory.name},
    ]
    if dashboard_link:
        links.append(
            {
                "url": dashboard_url(page.territory, page.campaign),
                "title": f"Observatoire {page.campaign.year}",
            }
        )
    return {"links": links, "current": current}


def _peer_form(request, page: Page) -> PeerGroupForm:
    data = request.GET if "groupe" in request.GET else None
    return PeerGroupForm(
        data, territory=page.territory, initial={"groupe": selectors.PeerGroupKind.STRATUM}
    )


def _peer_group(form: PeerGroupForm, page: Page) -> selectors.PeerGroup:
    """The chosen group, or the stratum when nothing (valid) is chosen."""
    if form.is_bound and form.is_valid():
        return form.peer_group()
    return selectors.peer_group(page.territory)


def _comparison(page: Page, framework, group) -> dict:
    statistics = selectors.group_statistics(page.campaign, group)
    rows = selectors.comparison_rows(framework, page.assessment.score, statistics)
    return {
        "statistics": statistics,
        "rows": rows,
        "chart": bar_chart(
            [
                BarInput(
                    row.label,
                    row.score,
                    median=row.peers.median,
                    first_quartile=row.peers.first_quartile,
                    third_quartile=row.peers.third_quartile,
                )
                for row in rows
            ]
        ),
    }


def _evolution(page: Page, framework) -> dict:
    evolution = selectors.evolution(page.campaigns, page.campaign)
    points = evolution.points
    metrics = matrices.metrics(framework)
    table = [
        (
            label,
            [
                point.assessment.score.index
                if code == matrices.INDEX
                else point.assessment.score.axis_scores.get(code)
                for point in points
            ],
        )
        for code, label in metrics
    ]
    chart = bar_chart(
        [
            BarInput(
                f"{point.campaign.year}{' (démonstration)' if point.campaign.is_demo else ''}",
                point.assessment.score.index,
            )
            for point in points
        ]
    )
    return {"evolution": evolution, "table": table, "chart": chart}


def _rollups(page: Page, framework) -> list[dict]:
    rollups = []
    for member in selectors.rollup(page.campaign, page.territory):
        item = {"member": member}
        if member.levels:
            item["levels_chart"] = bar_chart(
                [
                    BarInput(f"{level}. {name}", count, number(count))
                    for level, name, count in member.levels
                ],
                maximum=count_scale(max(count for _, _, count in member.levels)),
            )
        if member.shown:
            axis_rows = [(name, member.metrics[code]) for code, name in matrices.metrics(framework)]
            item["axis_rows"] = axis_rows
            item["axis_chart"] = bar_chart(
                [
                    BarInput(
                        label,
                        distribution.median,
                        first_quartile=distribution.first_quartile,
                        third_quartile=distribution.third_quartile,
                    )
                    for label, distribution in axis_rows
                ]
            )
        rollups.append(item)
    return rollups


@require_GET
def dashboard(request, segment: str, code: str):
    """The dashboard of a collectivité for one campaign (``?campagne=<year>``)."""
    page = _page(request, segment, code)
    framework = get_framework(page.campaign.edition)
    context = {
        "page": page,
        "territory": page.territory,
        "campaign": page.campaign,
        "assessment": page.assessment,
        "framework": framework,
        "min_group": selectors.min_group(),
        "breadcrumb": _breadcrumb(page, f"Observatoire {page.campaign.year}"),
    }
    if page.assessment is not None:
        score = page.assessment.score
        context.update(
            {
                "score": score,
                "level": framework.level_for(score.index),
                "evolution": _evolution(page, framework),
                "urls": {
                    "summary": dashboard_url(page.territory, page.campaign, "dashboard_summary"),
                    "pdf": dashboard_url(page.territory, page.campaign, "dashboard_pdf"),
                    "questions": dashboard_url(page.territory, name="dashboard_questions")
                    + "?"
                    + _query(request, page),
                },
                **selectors.own_results(page.assessment, with_answers=page.answers_visible),
                "gaps": assessment_gaps(page.assessment, score),
            }
        )
        if page.published:
            form = _peer_form(request, page)
            group = _peer_group(form, page)
            context.update(
                {
                    "peer_form": form,
                    "group": group,
                    "comparison": _comparison(page, framework, group),
                }
            )
    if page.territory.kind in selectors.ROLLUP_KINDS and page.published:
        context["rollups"] = _rollups(page, framework)
    return render(request, "observatory/dashboard/dashboard.html", context)


def _query(request, page: Page) -> str:
    query = request.GET.copy()
    query["campagne"] = str(page.campaign.year)
    return query.urlencode()


@require_GET
def dashboard_questions(request, segment: str, code: str):
    """Question by question, what share of the chosen peers reach a mark (htmx partial, or a
    page of its own without JavaScript)."""
    page = _page(request, segment, code, own_assessment=True)
    if not page.published:
        raise Http404("La comparaison sera disponible à la publication des résultats.")
    framework = get_framework(page.campaign.edition)
    form = _peer_form(request, page)
    group = _peer_group(form, page)
    statistics = selectors.group_statistics(page.campaign, group)
    shares = selectors.indicator_shares(page.campaign, group) if statistics.shown else []
    by_axis = [
        (axis, [item for item in shares if item.indicator.axis == axis.code])
        for axis in framework.axes
    ]
    context = {
        "page": page,
        "territory": page.territory,
        "campaign": page.campaign,
        "group": group,
        "statistics": statistics,
        "by_axis": by_axis,
        "min_group": selectors.min_group(),
        "breadcrumb": _breadcrumb(page, "Comparaison question par question", dashboard_link=True),
    }
    template = (
        "observatory/dashboard/_questions.html"
        if request.htmx
        else "observatory/dashboard/questions.html"
    )
    return render(request, template, context)


def summary_context(request, page: Page) -> dict:
    """The content of the fiche de synthèse, shared by the printable page and the PDF."""
    framework = get_framework(page.campaign.edition)
    score = page.assessment.score
    statistics = (
        selectors.group_statistics(page.campaign, selectors.peer_group(page.territory))
        if page.published
        else None
    )
    axis_rows = [
        (
            axis.name,
            score.axis_scores.get(axis.code),
            statistics.metrics[axis.code].median if statistics else None,
        )
        for axis in framework.axes
    ]
    own = selectors.own_results(page.assessment, with_answers=page.answers_visible)
    return {
        "page": page,
        "territory": page.territory,
        "campaign": page.campaign,
        "score": score,
        "level": framework.level_for(score.index),
        "framework": framework,
        "axis_rows": axis_rows,
        "peers_label": page.territory.stratum_label,
        "improvements": own["improvements"],
        "obligations": own["obligations"],
        "answers_visible": page.answers_visible,
        "today": timezone.localdate(),
        "link": request.build_absolute_uri(dashboard_url(page.territory, page.campaign)),
    }


@require_GET
def dashboard_summary(request, segment: str, code: str):
    """The one-page summary, laid out to print on A4."""
    page = _page(request, segment, code, own_assessment=True)
    context = summary_context(request, page)
    context["breadcrumb"] = _breadcrumb(page, "Fiche de synthèse", dashboard_link=True)
    context["pdf_url"] = dashboard_url(page.territory, page.campaign, "dashboard_pdf")
    return render(request, "observatory/dashboard/summary.html", context)


@require_GET
def dashboard_pdf(request, segment: str, code: str):
    """The fiche de synthèse as a PDF, to hand to the élus."""
    page = _page(request, segment, code, own_assessment=True)
    content = pdf.summary_pdf(summary_context(request, page))
    response = HttpResponse(content, content_type="application/pdf")
    file_name = f"fiche-synthese-{page.territory.code}-{page.campaign.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
