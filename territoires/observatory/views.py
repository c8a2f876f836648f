from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render

from territoires.observatory import methodology as texts
from territoires.observatory.framework import available_editions, get_framework
from territoires.observatory.scoring import model_for


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
            "applicability": texts.applicability_text(obligation.applies_to, framework),
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
            "min_group": min_group,
            "level_rows": zip(
                framework.levels,
                [level.min_index for level in framework.levels[1:]] + [None],
                strict=True,
            ),
            "axis_example": texts.example_assessment(model, texts.AXIS_EXAMPLE),
            "light_example": light_example,
            "peer_example": texts.peer_example(light_example.index, min_group=min_group),
            "breadcrumb": {"current": "Méthodologie de l’Observatoire"},
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
