"""Public pages of the observatory's results: open data and the embeddable widget.

The widget and its badge are the only pages that other sites may frame
(``frameable``); every other page keeps the site-wide ``X-Frame-Options: DENY``.
"""

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt

from territoires.core.formats import rounded
from territoires.core.opendata import LICENCE_NAME, LICENCE_URL
from territoires.geo.models import Territory
from territoires.observatory.framework import get_framework
from territoires.observatory.matrices import INDEX
from territoires.observatory.models import Assessment, Campaign
from territoires.observatory.public import opendata
from territoires.observatory.public.national import dashboard_url, headline, national_view
from territoires.observatory.public.national import metrics as national_metrics
from territoires.observatory.public.selectors import (
    public_scores,
    published_campaign,
    published_campaigns,
)

JSON_PARAMS = {"ensure_ascii": False, "indent": 2}

# The iframe offered to embed the widget: measured in a browser so that the widget of a
# demo campaign with the longest commune name shows whole (tests/browser/test_widget.py).
WIDGET_WIDTH = 360
WIDGET_HEIGHT = 400


def frameable(view):
    """Let any site frame ``view``: no X-Frame-Options, and ``frame-ancestors *``."""

    return xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(view))


def _campaign_and_dataset(year: int, slug: str) -> tuple[Campaign, opendata.Dataset]:
    campaign = published_campaign(year)
    dataset = opendata.DATASETS.get(slug)
    if campaign is None or dataset is None:
        raise Http404("Aucun jeu de données publié à cette adresse.")
    return campaign, dataset


def landing(request):
    """The Observatoire's front page: what it is, the campaigns of the moment, the national
    figures of the last published one with its map of régions, and every way in."""
    figures = headline()
    campaign = figures.campaign
    context = {
        "figures": figures,
        "campaign": campaign,
        "min_group": settings.OBSERVATORY_PEER_MIN_GROUP,
        "breadcrumb": {"current": "Observatoire"},
    }
    if campaign is not None:
        view = national_view(campaign, INDEX, dashboard_url)
        title = f"Indice de maturité : médiane par région, campagne {campaign.year}"
        context.update(
            participation=[row for row in view["participation"] if row.is_subtotal],
            regions={"title": title, "data": view["regions"]},
        )
    return render(request, "observatory/public/landing.html", context)


def national(request):
    """The national view: participation, national medians, maps by département and région."""
    campaigns = list(published_campaigns())
    context = {
        "campaigns": campaigns,
        "breadcrumb": {
            "links": [{"url": reverse("observatory_public:landing"), "title": "Observatoire"}],
            "current": "Vue nationale",
        },
    }
    if not campaigns:
        return render(request, "observatory/public/national.html", context)
    errors = []
    year = request.GET.get("campagne", "")
    campaign = next((c for c in campaigns if str(c.year) == year), None)
    if campaign is None:
        if year:
            errors.append(f"Aucune campagne publiée pour « {year} » : voici la plus récente.")
        campaign = campaigns[0]
    metric_names = dict(national_metrics(campaign))
    metric = request.GET.get("axe", INDEX)
    if metric not in metric_names:
        errors.append(f"L’axe « {metric} » n’existe pas : voici l’indice de maturité.")
        metric = INDEX
    context.update(
        campaign=campaign,
        metric=metric,
        metric_name=metric_names[metric],
        metrics=metric_names.items(),
        errors=errors,
        min_group=settings.OBSERVATORY_PEER_MIN_GROUP,
    )
    view = national_view(campaign, metric, dashboard_url)
    context.update(
        participation=view["participation"],
        statistics=view["statistics"],
        maps=[
            {
                "slug": "departements",
                "heading": "Carte des départements",
                "kind_label": "Département",
                "title": f"{metric_names[metric]} : médiane par département, "
                f"campagne {campaign.year}",
                "data": view["departements"],
            },
            {
                "slug": "regions",
                "heading": "Carte des régions",
                "kind_label": "Région",
                "title": f"{metric_names[metric]} : médiane par région, campagne {campaign.year}",
                "data": view["regions"],
            },
        ],
    )
    return render(request, "observatory/public/national.html", context)


def opendata_index(request):
    """The « Données ouvertes » page: every file of every published campaign, with its schema."""
    campaigns = [
        {
            "campaign": campaign,
            "datasets": [
                {
                    "dataset": dataset,
                    # The answers file counts every published answer: once per results.
                    "rows": opendata.dataset_row_count(campaign, dataset),
                    "urls": opendata.dataset_urls(campaign, dataset),
                }
                for dataset in opendata.DATASETS.values()
            ],
        }
        for campaign in published_campaigns()
    ]
    example = public_scores().first()
    return render(
        request,
        "observatory/public/opendata.html",
        {
            "campaigns": campaigns,
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "demo_notice": opendata.DEMO_NOTICE,
            "min_group": settings.OBSERVATORY_PEER_MIN_GROUP,
            "widget_example": example,
            "widget_width": WIDGET_WIDTH,
            "widget_height": WIDGET_HEIGHT,
            "site_root": request.build_absolute_uri("/").rstrip("/"),
            "breadcrumb": {
                "links": [{"url": reverse("observatory_public:landing"), "title": "Observatoire"}],
                "current": "Données ouvertes",
            },
        },
    )


def opendata_download(request, year: str, slug: str, extension: str):
    """One dataset of a campaign as CSV or XLSX, as stored after its results last changed."""
    campaign, dataset = _campaign_and_dataset(int(year), slug)
    return opendata.download(dataset, campaign, extension)


def opendata_schema(request, year: int, slug: str):
    """The Table Schema of one dataset of a campaign."""
    campaign, dataset = _campaign_and_dataset(year, slug)
    return JsonResponse(dataset.table_schema(campaign), json_dumps_params=JSON_PARAMS)


def _public_assessment(request, kind: str, code: str) -> Assessment:
    """The latest public scores of a collectivité, or those of ``?campagne=<year>``; else 404."""
    territory = get_object_or_404(Territory, kind=kind, code=code.upper())
    assessments = public_scores().filter(territory=territory)
    year = request.GET.get("campagne", "")
    if year:
        # isdigit() also accepts « ² », which int() refuses.
        if not (year.isascii() and year.isdecimal()):
            raise Http404("Campagne inconnue.")
        assessments = assessments.filter(campaign__year=int(year))
    assessment = assessments.first()
    if assessment is None:
        raise Http404("Aucun score public pour cette collectivité.")
    return assessment


def _widget_context(request, assessment: Assessment) -> dict:
    framework = get_framework(assessment.campaign.edition)
    score = assessment.score
    level = framework.level_for(score.index)
    # The dashboard's rounding (« 47,2 », « 40 »), so that both show the same figures.
    index = rounded(score.index) if score.index is not None else None
    territory, campaign = assessment.territory, assessment.campaign
    if index is None:
        result = "indice de maturité numérique non publié"
    else:
        result = (
            f"indice de maturité numérique {index} sur 100, niveau {level.level} : {level.name}"
        )
    demo = ", données de démonstration" if campaign.is_demo else ""
    return {
        "summary": f"{territory.name} — {result} (campagne {campaign.year}{demo})",
        "assessment": assessment,
        "territory": territory,
        "campaign": campaign,
        "index": index,
        "level": level,
        "level_count": len(framework.levels),
        "completeness": rounded(score.completeness),
        "page_url": request.build_absolute_uri(territory.get_absolute_url()),
    }


BADGE_CACHE_CONTROL = "public, max-age=60, must-revalidate"


@frameable
def widget(request, kind: str, code: str):
    """The embeddable summary of a collectivité's public scores (for an iframe)."""
    assessment = _public_assessment(request, kind, code)
    response = render(
        request, "observatory/public/widget.html", _widget_context(request, assessment)
    )
    response["Cache-Control"] = BADGE_CACHE_CONTROL
    return response


@frameable
def badge(request, kind: str, code: str):
    """A small SVG badge of a collectivité's public index and level."""
    assessment = _public_assessment(request, kind, code)
    response = render(
        request,
        "observatory/public/badge.svg",
        _widget_context(request, assessment),
        content_type="image/svg+xml; charset=utf-8",
    )
    # Short-lived in shared caches: a withdrawn publication disappears within a minute.
    response["Cache-Control"] = BADGE_CACHE_CONTROL
    return response
