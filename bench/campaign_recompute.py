"""Benchmark: recomputing a whole-country campaign, and rescoring one assessment after a save.

In a database of its own with every migration applied, the référentiel is
imported, then the whole-country demo campaign is generated
(``generate_demo_campaign --count all``: every current région, département,
EPCI and commune, seed fixed). Then:

1. ``campaign_recompute`` (read every answer, score, peers, write every
   result), timed three times, the median kept; target ≤ 20 s; then once
   more at the issue's size (about 3 million answers), every question of the
   framework answered by every collectivité, even where it does not apply;
2. ``assessment_rescore`` after one answer changed, on 200 assessments drawn
   with a fixed seed, each loaded as a page would (``Assessment.objects.get``);
   target p95 ≤ 50 ms.

Reference, same run: the same computation written as DuckDB SQL over the same
answers, assessments and framework rules exported to Parquet files: indicator
scores by rule, applicability, weighted axis means (*non concerné* out of the
denominator), completeness, index, level, and the index's peer median and
quartiles per stratum. The benchmark checks that DuckDB and the application
agree on the index and the level of every assessment (to 0.01, the stored
rounding) and on the peer statistics, and prints the check.
"""

import csv
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.engines import (
    milliseconds,
    number,
    percentile,
    ratio,
    run_on_each_engine,
    seconds,
    setup_django,
    verdict,
)

SEED = 2026
RECOMPUTE_TARGET = 20.0
RECOMPUTE_RUNS = 3
RESCORE_SAVES = 200
RESCORE_P95_TARGET = 0.050
INDEX_TOLERANCE = 0.01


def run() -> bool:
    return run_on_each_engine("bench.campaign_recompute", "Recalcul d’une campagne nationale")


def measure() -> None:
    setup_django()
    from django.conf import settings

    from territoires.geo.services import referentiel_import
    from territoires.observatory.demo import demo_campaign_generate
    from territoires.observatory.results import campaign_recompute

    started = time.perf_counter()
    referentiel_import(data_dir=settings.REFERENTIEL_DATA_DIR)
    imported = time.perf_counter() - started
    year = 2026
    generation, report = _timed(lambda: demo_campaign_generate(year=year, count=None, seed=SEED))
    campaign = report.campaign
    print(
        f"  préparation : référentiel importé en {seconds(imported)}, campagne de démonstration "
        f"générée en {seconds(generation)} (dont un premier calcul) : "
        f"{number(report.assessments)} évaluations, {number(report.answers)} réponses"
    )

    timings = [
        _timed(lambda: campaign_recompute(campaign=campaign))[0] for _ in range(RECOMPUTE_RUNS)
    ]
    recompute = statistics.median(timings)

    with tempfile.TemporaryDirectory(prefix="territoires-duckdb-") as directory:
        exported = _export(campaign, Path(directory))
        duckdb_time, reference = _duckdb_reference(Path(directory), campaign)
    agreement = _compare(campaign, reference)

    rescores = _rescore_timings(campaign)

    print(f"  {'référence : le même calcul en SQL DuckDB':<44}{seconds(duckdb_time):>8}")
    print(
        f"  {'campaign_recompute (médiane de 3)':<44}{seconds(recompute):>8}  "
        f"{ratio(recompute, duckdb_time):>7} la référence  "
        f"{verdict(recompute, RECOMPUTE_TARGET, '≤ 20 s')}"
    )
    print(f"    soit {milliseconds(recompute / report.answers * 1000)} pour mille réponses")
    print(f"  (export Parquet pour DuckDB : {number(exported)} réponses, non chronométré)")
    p50, p95 = percentile(rescores, 50), percentile(rescores, 95)
    print(
        f"  {'nouveau score d’une évaluation, p50':<44}{milliseconds(p50):>8}\n"
        f"  {'nouveau score d’une évaluation, p95':<44}{milliseconds(p95):>8}  "
        f"{verdict(p95, RESCORE_P95_TARGET, 'p95 ≤ 50 ms')}  ({RESCORE_SAVES} enregistrements)"
    )
    for line in agreement:
        print(f"  {line}")
    if any(line.startswith("DÉSACCORD") for line in agreement):
        sys.exit("DuckDB et l’application ne calculent pas la même chose.")

    # The size: every question of the framework answered by every collectivité,
    # even those that do not apply (read, then left out by applicability).
    answers = _answer_every_question(campaign)
    dense, _ = _timed(lambda: campaign_recompute(campaign=campaign))
    print(
        f"  {'campaign_recompute, toutes questions':<44}{seconds(dense):>8}  "
        f"({number(answers)} réponses)  {verdict(dense, RECOMPUTE_TARGET, '≤ 20 s')}"
    )


def _answer_every_question(campaign) -> int:
    """Answer (1) every question still without an answer; the campaign's answer count."""
    from django.db import connection
    from django.utils import timezone

    from territoires.core.db import bulk_insert
    from territoires.observatory import scoring
    from territoires.observatory.enums import AnswerStatus
    from territoires.observatory.models import Answer, Assessment

    answers = Answer.objects.filter(assessment__campaign=campaign)
    answered = set(_rows(answers.values_list("assessment_id", "indicator_code")))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    codes = scoring.model_for(campaign.edition).indicator_codes
    ids = Assessment.objects.filter(campaign=campaign).values_list("pk", flat=True)
    bulk_insert(
        Answer,
        ["assessment_id", "indicator_code", "status", "value", "updated_at"],
        (
            (pk, code, AnswerStatus.ANSWERED.value, 1.0, now)
            for pk, code in itertools.product(ids, codes)
            if (pk, code) not in answered
        ),
    )
    return answers.count()


def _timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


# --- The DuckDB reference ---------------------------------------------------------


def _export(campaign, directory: Path) -> int:
    """Write the campaign's answers and assessments, and the framework's rules, as Parquet.

    Through CSV files with the column types given, which DuckDB converts to Parquet.
    """
    import duckdb

    from territoires.observatory import scoring
    from territoires.observatory.models import Answer, Assessment

    model = scoring.model_for(campaign.edition)
    tables = {
        "answers": (
            {"assessment_id": "BIGINT", "code": "VARCHAR", "status": "INTEGER", "value": "DOUBLE"},
            _rows(
                Answer.objects.filter(assessment__campaign=campaign).values_list(
                    "assessment_id", "indicator_code", "status", "value"
                )
            ),
        ),
        "assessments": (
            {
                "assessment_id": "BIGINT",
                "kind": "VARCHAR",
                "population": "BIGINT",
                "stratum": "VARCHAR",
                "light": "BOOLEAN",
                "published": "BOOLEAN",
            },
            _assessment_rows(campaign, Assessment),
        ),
        **_framework_tables(model),
    }
    for name, (columns, rows) in tables.items():
        path = directory / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(columns)
            writer.writerows(rows)
        duckdb.sql(
            f"COPY (SELECT * FROM read_csv('{path}', header = true, nullstr = '', "
            f"columns = {columns!r})) "
            f"TO '{directory / f'{name}.parquet'}' (FORMAT parquet)"
        )
    return Answer.objects.filter(assessment__campaign=campaign).count()


def _rows(queryset, chunk_size: int = 50_000):
    """The rows of a ``values_list`` queryset, from a plain cursor, a chunk at a time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(*queryset.query.sql_with_params())
        while chunk := cursor.fetchmany(chunk_size):
            yield from chunk


def _assessment_rows(campaign, assessment_model) -> list[tuple]:
    from territoires.observatory.enums import Questionnaire

    published = set(
        assessment_model.objects.filter(campaign=campaign).published().values_list("pk", flat=True)
    )
    return [
        (pk, kind, population, stratum, questionnaire == Questionnaire.LIGHT, pk in published)
        for pk, kind, population, stratum, questionnaire in assessment_model.objects.filter(
            campaign=campaign
        ).values_list(
            "pk", "territory__kind", "territory__population", "territory__stratum", "questionnaire"
        )
    ]


def _framework_tables(model) -> dict[str, tuple[dict[str, str], list[tuple]]]:
    """The framework's rules as plain tables, for SQL to apply.

    ``steps``: a step rule's (threshold, score) pairs, the floor at −∞ (yes/no,
    level, count); ``segments``: a linear rule's segments, with flat ends to
    ±∞ (percentage); ``options``: a multiple choice's (bit, points);
    ``indicator_kinds``: the kinds each indicator applies to, by its ``kinds``
    and the competences each kind holds by default.
    """
    from territoires.observatory.framework import ASSESSED_KINDS, IndicatorType
    from territoires.observatory.scoring import default_competences

    framework = model.framework
    competences = default_competences(model, ASSESSED_KINDS)
    indicators, steps, segments, options, indicator_kinds = [], [], [], [], []
    for column, indicator in enumerate(framework.indicators):
        rule = indicator.applies_to
        indicators.append(
            (
                indicator.code,
                indicator.axis,
                indicator.weight,
                rule.population_min,
                rule.population_below,
                indicator.light,
            )
        )
        for kind_number, kind in enumerate(ASSESSED_KINDS):
            required = model.competence_required[:, column]
            holds = not required.any() or bool((competences[kind_number] & required).any())
            if holds and (not rule.kinds or kind in rule.kinds):
                indicator_kinds.append((indicator.code, kind))
        if indicator.context:
            steps.append((indicator.code, "-inf", 0.0))
        elif indicator.type == IndicatorType.YES_NO:
            steps += [(indicator.code, "-inf", 0.0), (indicator.code, 1.0, 100.0)]
        elif indicator.type == IndicatorType.LEVEL:
            steps.append((indicator.code, "-inf", indicator.level_scores[0]))
            steps += [
                (indicator.code, float(answer), score)
                for answer, score in enumerate(indicator.level_scores)
                if answer > 0
            ]
        elif indicator.type == IndicatorType.COUNT:
            steps.append((indicator.code, "-inf", 0.0))
            steps += [(indicator.code, x, y) for x, y in indicator.thresholds]
        elif indicator.type == IndicatorType.PERCENTAGE:
            points = indicator.points
            segments.append((indicator.code, "-inf", points[0][1], points[0][0], points[0][1]))
            segments += [
                (indicator.code, x0, y0, x1, y1)
                for (x0, y0), (x1, y1) in itertools.pairwise(points)
            ]
            segments.append((indicator.code, points[-1][0], points[-1][1], "inf", points[-1][1]))
        else:
            options += [(indicator.code, bit, o.points) for bit, o in enumerate(indicator.options)]
    axes = [(axis.code, axis.weight) for axis in framework.axes]
    levels = [(level.level, level.min_index) for level in framework.levels]
    return {
        "indicators": (
            {
                "code": "VARCHAR",
                "axis": "VARCHAR",
                "weight": "DOUBLE",
                "population_min": "BIGINT",
                "population_below": "BIGINT",
                "light": "BOOLEAN",
            },
            indicators,
        ),
        "indicator_kinds": ({"code": "VARCHAR", "kind": "VARCHAR"}, indicator_kinds),
        "steps": ({"code": "VARCHAR", "x": "DOUBLE", "score": "DOUBLE"}, steps),
        "segments": (
            {"code": "VARCHAR", **dict.fromkeys(["x0", "y0", "x1", "y1"], "DOUBLE")},
            segments,
        ),
        "options": ({"code": "VARCHAR", "bit": "INTEGER", "points": "DOUBLE"}, options),
        "axes": ({"axis": "VARCHAR", "axis_weight": "DOUBLE"}, axes),
        "levels": ({"level": "INTEGER", "min_index": "DOUBLE"}, levels),
    }


REFERENCE_SQL = """
WITH
answers AS (SELECT * FROM '{dir}/answers.parquet'),
assessments AS (SELECT * FROM '{dir}/assessments.parquet'),
indicators AS (SELECT * FROM '{dir}/indicators.parquet'),
-- Applicable indicators of each assessment: kind (and competences), population, questionnaire.
applicable AS (
    SELECT a.assessment_id, i.code, i.axis, i.weight
    FROM assessments a
    JOIN '{dir}/indicator_kinds.parquet' k ON k.kind = a.kind
    JOIN indicators i ON i.code = k.code
    WHERE (i.population_min IS NULL OR a.population >= i.population_min)
      AND (i.population_below IS NULL OR a.population < i.population_below)
      AND (NOT a.light OR i.light)
),
-- Indicator scores, by rule, of the answered indicators.
answered AS (SELECT * FROM answers WHERE status = 1),
indicator_scores AS (
    SELECT n.assessment_id, n.code, max(s.score) AS score
    FROM answered n JOIN '{dir}/steps.parquet' s ON s.code = n.code AND s.x <= n.value
    GROUP BY ALL
    UNION ALL
    SELECT n.assessment_id, n.code,
        CASE WHEN s.y0 = s.y1 THEN s.y0
             ELSE s.y0 + (n.value - s.x0) * (s.y1 - s.y0) / (s.x1 - s.x0) END
    FROM answered n JOIN '{dir}/segments.parquet' s
        ON s.code = n.code AND s.x0 <= n.value AND n.value < s.x1
    UNION ALL
    SELECT n.assessment_id, n.code,
        least(100, coalesce(sum(o.points) FILTER (
            ((trunc(greatest(n.value, 0))::BIGINT >> o.bit) & 1) = 1
        ), 0))
    FROM answered n JOIN '{dir}/options.parquet' o ON o.code = n.code
    GROUP BY ALL
),
-- Per assessment and axis: weighted sums, answered or non concerné (resolved), applicable.
by_axis AS (
    SELECT p.assessment_id, p.axis,
        sum(p.weight * s.score) FILTER (n.status = 1) AS numerator,
        coalesce(sum(p.weight) FILTER (n.status = 1), 0) AS denominator,
        count(n.status) AS resolved,
        count(*) AS applicable
    FROM applicable p
    LEFT JOIN answers n ON n.assessment_id = p.assessment_id AND n.code = p.code
    LEFT JOIN indicator_scores s ON s.assessment_id = p.assessment_id AND s.code = p.code
    GROUP BY ALL
),
totals AS (
    SELECT a.assessment_id,
        coalesce(100.0 * sum(b.resolved) / nullif(sum(b.applicable), 0), 0) AS completeness,
        sum(x.axis_weight * b.numerator / b.denominator) FILTER (axis_published)
            AS index_numerator,
        sum(x.axis_weight) FILTER (axis_published) AS index_denominator
    FROM assessments a
    LEFT JOIN (
        SELECT *, denominator > 0 AND 100.0 * resolved / applicable >= {threshold}
            AS axis_published
        FROM by_axis
    ) b ON b.assessment_id = a.assessment_id
    LEFT JOIN '{dir}/axes.parquet' x ON x.axis = b.axis
    GROUP BY ALL
),
scores AS (
    SELECT t.assessment_id, a.stratum, a.published,
        CASE WHEN t.index_denominator > 0 AND t.completeness >= {threshold}
             THEN t.index_numerator / t.index_denominator END AS "index"
    FROM totals t JOIN assessments a USING (assessment_id)
),
levels AS (
    SELECT s.assessment_id, coalesce(max(l.level), 0) AS level
    FROM scores s LEFT JOIN '{dir}/levels.parquet' l ON s."index" >= l.min_index
    GROUP BY ALL
),
peers AS (
    SELECT stratum, count(*) AS group_size,
        quantile_cont("index", 0.5) AS median,
        quantile_cont("index", 0.25) AS first_quartile,
        quantile_cont("index", 0.75) AS third_quartile
    FROM scores WHERE published AND "index" IS NOT NULL
    GROUP BY stratum HAVING count(*) >= {min_group}
)
SELECT 'score' AS part, s.assessment_id, s."index", l.level, NULL AS stratum,
    NULL AS group_size, NULL AS median, NULL AS first_quartile, NULL AS third_quartile
FROM scores s JOIN levels l USING (assessment_id)
UNION ALL
SELECT 'peers', NULL, NULL, NULL, stratum, group_size, median, first_quartile, third_quartile
FROM peers
"""


def _duckdb_reference(directory: Path, campaign) -> tuple[float, dict]:
    """Run REFERENCE_SQL over the Parquet files; (seconds, its results)."""
    import duckdb
    from django.conf import settings

    from territoires.observatory import scoring

    sql = REFERENCE_SQL.format(
        dir=directory,
        threshold=scoring.model_for(campaign.edition).completeness_threshold,
        min_group=settings.OBSERVATORY_PEER_MIN_GROUP,
    )
    connection = duckdb.connect()
    started = time.perf_counter()
    rows = connection.sql(sql).fetchall()
    elapsed = time.perf_counter() - started
    scores = {row[1]: (row[2], row[3]) for row in rows if row[0] == "score"}
    peers = {row[4]: row[5:] for row in rows if row[0] == "peers"}
    return elapsed, {"scores": scores, "peers": peers}


def _compare(campaign, reference: dict) -> list[str]:
    """Lines saying whether the application's stored results agree with DuckDB's."""
    from territoires.observatory.matrices import INDEX
    from territoires.observatory.models import AssessmentScore, PeerStatistic

    stored = dict(
        AssessmentScore.objects.filter(assessment__campaign=campaign).values_list(
            "assessment_id", "index"
        )
    )
    levels = dict(
        AssessmentScore.objects.filter(assessment__campaign=campaign).values_list(
            "assessment_id", "level"
        )
    )

    def same_index(ours, theirs) -> bool:
        if ours is None or theirs is None:
            return ours is None and theirs is None
        return abs(ours - theirs) <= INDEX_TOLERANCE

    scores = reference["scores"]
    index_agree = sum(same_index(index, scores.get(pk, (None,))[0]) for pk, index in stored.items())
    level_agree = sum(levels[pk] == scores.get(pk, (None, None))[1] for pk in stored)
    published = sum(index is not None for index in stored.values())
    ours = {
        stratum: (size, median, q1, q3)
        for stratum, size, median, q1, q3 in PeerStatistic.objects.filter(
            campaign=campaign, metric=INDEX
        ).values_list("stratum", "group_size", "median", "first_quartile", "third_quartile")
    }
    theirs = reference["peers"]
    peers_agree = set(ours) == set(theirs) and all(
        ours[s][0] == theirs[s][0]
        and all(abs(a - b) <= 1e-9 for a, b in zip(ours[s][1:], theirs[s][1:], strict=True))
        for s in ours
    )
    total = len(stored)
    tolerance = f"{INDEX_TOLERANCE:.2f}".replace(".", ",")
    complete = len(scores) == total and index_agree == level_agree == total
    return [
        f"{'accord' if complete else 'DÉSACCORD'} avec DuckDB : indice à {tolerance} "
        f"près pour {number(index_agree)} évaluations sur {number(total)} "
        f"(dont {number(published)} avec un indice publié), niveau pour {number(level_agree)}",
        f"{'accord' if peers_agree else 'DÉSACCORD'} avec DuckDB : médiane et quartiles de "
        f"l’indice pour les {len(ours)} strates d’au moins 5 évaluations publiées",
    ]


# --- Rescoring one assessment ----------------------------------------------------------


def _rescore_timings(campaign) -> list[float]:
    """Seconds of ``assessment_rescore`` after one answer changed, on RESCORE_SAVES assessments."""
    from django.db import transaction

    from territoires.observatory.enums import AnswerStatus
    from territoires.observatory.models import Answer, Assessment
    from territoires.observatory.results import assessment_rescore

    ids = list(
        Assessment.objects.filter(campaign=campaign).order_by("pk").values_list("pk", flat=True)
    )
    timings = []
    for pk in random.Random(SEED).sample(ids, RESCORE_SAVES):
        with transaction.atomic():
            answer = (
                Answer.objects.filter(assessment_id=pk, status=AnswerStatus.ANSWERED)
                .order_by("indicator_code")
                .first()
            )
            if answer is not None:  # the save of a page: one answer changed
                Answer.objects.filter(pk=answer.pk).update(value=0.0)
            assessment = Assessment.objects.get(pk=pk)
            started = time.perf_counter()
            assessment_rescore(assessment=assessment)
            timings.append(time.perf_counter() - started)
    return timings


if __name__ == "__main__":
    measure()
