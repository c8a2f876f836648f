"""Observatory data for the tests: small communes, answered assessments, a published campaign."""

from territoires.geo.models import Territory
from territoires.observatory.enums import AnswerStatus, CampaignStatus, Questionnaire
from territoires.observatory.framework import IndicatorType, get_framework
from territoires.observatory.models import Answer, Assessment, Campaign
from territoires.observatory.results import campaign_recompute

FRAMEWORK = get_framework(2026)


def best_value(indicator) -> float:
    """The engine's number of the best answer to ``indicator``."""
    if indicator.type == IndicatorType.YES_NO:
        return 1.0
    if indicator.type == IndicatorType.LEVEL:
        return 4.0
    if indicator.type == IndicatorType.PERCENTAGE:
        return 100.0
    if indicator.type == IndicatorType.COUNT:
        return max(value for value, _ in indicator.thresholds)
    return float(2 ** len(indicator.options) - 1)


def answer_light(assessment, *, best: bool) -> None:
    """Answer every light indicator: all best, or all worst (0)."""
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            indicator_code=indicator.code,
            status=AnswerStatus.ANSWERED,
            value=best_value(indicator) if best else 0.0,
        )
        for indicator in FRAMEWORK.light_indicators
    )


def small_communes(count: int, *, epci: Territory | None = None) -> list[Territory]:
    """``count`` villages of the Nièvre (département 58, région 27) in the stratum
    « commune-0-499 »: Village-0 (58900, 100 inhabitants), Village-1 (58901, 101)…

    The small référentiel must be imported.
    """
    departement = Territory.objects.get(kind="departement", code="58")
    region = Territory.objects.get(kind="region", code="27")
    return [
        Territory.objects.create(
            kind="commune",
            code=f"{58900 + n}",
            name=f"Village-{n}",
            zone="metro",
            stratum="commune-0-499",
            population=100 + n,
            departement=departement,
            region=region,
            epci=epci,
        )
        for n in range(count)
    ]


def light_assessment(campaign, territory, publication, status, *, best: bool | None) -> Assessment:
    """An assessment on the light questionnaire, every answer the best or the worst, or
    none if ``best`` is None."""
    assessment = Assessment.objects.create(
        campaign=campaign,
        territory=territory,
        questionnaire=Questionnaire.LIGHT,
        status=status,
        publication=publication,
    )
    if best is not None:
        answer_light(assessment, best=best)
    return assessment


def publish(campaign: Campaign) -> None:
    """Publish ``campaign`` as it stands and compute its results."""
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.PUBLISHED)
    campaign.refresh_from_db()
    campaign_recompute(campaign=campaign)
