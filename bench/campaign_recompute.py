"""Benchmark: recomputing a whole-country campaign, and rescoring one assessment after a save.

In a database of its own with every migration applied, the référentiel is
imported, then the whole-country demo campaign is generated
(``generate_demo_campaign --count all``: every current région, département,
EPCI and commune, seed fixed). Then:

1. ``campaign_recompute``, three times, each stage timed apart and its median
   kept: reading (``campaign_read``: every assessment, its territory, its
   answers into the engine's matrices), computing (``campaign_compute``: scores,
   peers of every metric, ranks; pure) and writing (``campaign_write``, up to
   the commit); target ≤ 20 s for the three together. Then the same at the
   issue's size (about 3 million answers): every question of the framework
   answered by every collectivité, even where it does not apply.
2. ``assessment_rescore`` after one answer changed, on 200 assessments drawn
   with a fixed seed, each loaded as a page would (``Assessment.objects.get``),
   timed up to the commit; target p95 ≤ 50 ms.

Each stage has its like-for-like reference, timed in the same run, three times:

- reading: the same rows fetched with a plain cursor and dropped (no conversion);
- computing: the same computation written as DuckDB SQL (one thread, as the
  engine), over the same rows held in DuckDB's memory: indicator scores by rule,
  applicability, weighted axis means (*non concerné* out of the denominator),
  completeness, index, level, then for the index and every axis the peers'
  median and quartiles per stratum and each assessment's percentile rank;
- writing: the rows the application wrote, already prepared, copied into bare
  tables (same columns, no index, no constraint) the way the application writes
  (COPY on PostgreSQL, executemany on SQLite), up to the commit.

DuckDB's input is read apart from the application: plain SQL on the tables,
applicability from the framework's definitions (kinds, population bounds,
competences held by default, light questionnaire), never the application's
querysets or its compiled tables. Every stored figure is then checked against
DuckDB's, and the check printed; a disagreement fails the benchmark.
"""

import itertools
import json
import random
import statistics
import sys
import time

import numpy as np

from bench.engines import (
    SCALE,
    milliseconds,
    number,
    percentile,
    ratio,
    run_on_each_engine,
    scaled,
    seconds,
    setup_django,
    verdict,
)

SEED = 2026
# The whole country, or a share of it for a smoke test.
DEMO_COUNT = None if SCALE == 1 else scaled(35_000, 200)
RECOMPUTE_TARGET = 20.0
RUNS = 3
RESCORE_SAVES = scaled(200, 20)
RESCORE_P95_TARGET = 0.050
# Stored scores are rounded to 0.01, ranks to 0.1.
SCORE_TOLERANCE = 0.01
RANK_TOLERANCE = 0.05 + 1e-9
CHUNK = 50_000


def run() -> bool:
    return run_on_each_engine("bench.campaign_recompute", "Recalcul d’une campagne nationale")


def measure() -> None:
    setup_django()
    from django.conf import settings

    from territoires.geo.services import referentiel_import
    from territoires.observatory.demo import demo_campaign_generate

    started = time.perf_counter()
    referentiel_import(data_dir=settings.REFERENTIEL_DATA_DIR)
    imported = time.perf_counter() - started
    generation, report = _timed(
        lambda: demo_campaign_generate(year=2026, count=DEMO_COUNT, seed=SEED)
    )
    campaign = report.campaign
    print(
        f"  préparation : référentiel importé en {seconds(imported)}, campagne de démonstration "
        f"générée en {seconds(generation)} (dont un premier calcul) : "
        f"{number(report.assessments)} évaluations"
    )

    succeeded = _recompute_report(campaign, "réponses de la démonstration")
    rescores = _rescore_timings(campaign)
    p50, p95 = percentile(rescores, 50), percentile(rescores, 95)
    print(
        f"  nouveau score d’une évaluation après un enregistrement, jusqu’au commit "
        f"({len(rescores)} évaluations) : p50 {milliseconds(p50)}, p95 {milliseconds(p95)} ; "
        f"{verdict(p95, RESCORE_P95_TARGET, 'p95 ≤ 50 ms')}"
    )

    # The size: every question of the framework answered by every collectivité,
    # even those that do not apply (read, then left out by applicability).
    _answer_every_question(campaign)
    succeeded &= _recompute_report(campaign, "toutes les questions répondues")
    if not succeeded:
        sys.exit("DuckDB et l’application ne calculent pas la même chose.")


def _recompute_report(campaign, title: str) -> bool:
    """Time each stage of the recomputation and its reference RUNS times, print the medians
    and the agreement with DuckDB; False on a disagreement."""
    from django.db import transaction

    from territoires.observatory import scoring
    from territoires.observatory.results import campaign_compute, campaign_read, campaign_write

    model = scoring.model_for(campaign.edition)
    rows = _independent_rows(campaign)
    database = _duckdb_load(rows)
    application, reference = [], []
    for _ in range(RUNS):
        with transaction.atomic():
            started = time.perf_counter()
            read = campaign_read(model, campaign)
            was_read = time.perf_counter()
            result = campaign_compute(model, read)
            computed = time.perf_counter()
            campaign_write(campaign, result)
        written = time.perf_counter()
        application.append((was_read - started, computed - was_read, written - computed))
        duckdb_time, expected = _duckdb_compute(database)
        reference.append((_bare_read(campaign), duckdb_time, _bare_copy(campaign, result)))
    app_read, app_compute, app_write = (
        statistics.median(stage) for stage in zip(*application, strict=True)
    )
    ref_read, ref_compute, ref_write = (
        statistics.median(stage) for stage in zip(*reference, strict=True)
    )
    total = statistics.median(sum(stages) for stages in application)
    answers = len(rows["answers"]["assessment_id"])

    print(
        f"  recalcul de la campagne, {title} : {number(len(rows['assessments']['kind']))} "
        f"évaluations, "
        f"{number(answers)} réponses ; médianes de {RUNS} passages"
    )
    for label, ours, theirs, reference_label in [
        ("lecture", app_read, ref_read, "les mêmes lignes lues par un curseur, sans conversion"),
        ("calcul", app_compute, ref_compute, "le même calcul en SQL DuckDB, mêmes données"),
        ("écriture", app_write, ref_write, "copie nue des mêmes lignes, jusqu’au commit"),
    ]:
        print(
            f"    {label:<9}{seconds(ours):>9}   référence {seconds(theirs):>8} "
            f"({reference_label}) : {ratio(ours, theirs)}"
        )
    print(
        f"    {'total':<9}{seconds(total):>9}   "
        f"{verdict(total, RECOMPUTE_TARGET, '≤ 20 s')} ; "
        f"soit {milliseconds(total / max(answers, 1) * 1000)} "
        f"pour mille réponses"
    )
    agreement = _compare(campaign, expected)
    for line in agreement:
        print(f"    {line}")
    return not any(line.startswith("DÉSACCORD") for line in agreement)


def _answer_every_question(campaign) -> None:
    """Answer (1) every question still without an answer."""
    from django.db import connection
    from django.utils import timezone

    from territoires.core.db import bulk_insert
    from territoires.observatory import scoring
    from territoires.observatory.enums import AnswerStatus
    from territoires.observatory.models import Answer, Assessment

    answered = set(
        Answer.objects.filter(assessment__campaign=campaign).values_list(
            "assessment_id", "indicator_code"
        )
    )
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


def _timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


# --- Reading and writing: bare copies of the same rows -----------------------------------


def _sql(campaign) -> dict[str, tuple[str, list]]:
    """The rows the recomputation reads, in plain SQL on the tables."""
    from territoires.geo.models import Territory
    from territoires.observatory.models import Answer, Assessment, Campaign

    answer, assessment = Answer._meta.db_table, Assessment._meta.db_table
    territory, campaign_table = Territory._meta.db_table, Campaign._meta.db_table
    return {
        "answers": (
            f"SELECT n.assessment_id, n.indicator_code, n.status, n.value FROM {answer} n "
            f"JOIN {assessment} a ON a.id = n.assessment_id WHERE a.campaign_id = %s",
            [campaign.pk],
        ),
        "assessments": (
            f"SELECT a.id, t.kind, t.population, t.stratum, a.questionnaire, a.status, c.status "
            f"FROM {assessment} a JOIN {territory} t ON t.id = a.territory_id "
            f"JOIN {campaign_table} c ON c.id = a.campaign_id WHERE a.campaign_id = %s "
            f"ORDER BY a.id",
            [campaign.pk],
        ),
    }


def _bare_read(campaign) -> float:
    """Seconds to fetch the rows the recomputation reads with a plain cursor, and drop them."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in _sql(campaign).values():
            cursor.execute(sql, params)
            while cursor.fetchmany(CHUNK):
                pass
    return time.perf_counter() - started


def _bare_copy(campaign, result) -> float:
    """Seconds to copy the rows the application wrote, prepared beforehand, into bare tables
    with the same columns, the way it writes them, up to the commit."""
    from django.db import connection, transaction

    from territoires.core.db import bulk_insert
    from territoires.observatory.models import AssessmentScore, PeerStatistic
    from territoires.observatory.results import PEER_FIELDS, SCORE_FIELDS, peer_rows, score_rows

    quote = connection.ops.quote_name
    copies = []
    for model, fields, rows in [
        (AssessmentScore, SCORE_FIELDS, list(score_rows(result))),
        (PeerStatistic, PEER_FIELDS, list(peer_rows(campaign, result))),
    ]:
        scratch = quote(f"bench_copy_{model._meta.model_name}")
        columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
        copies.append((model, fields, rows, scratch))
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
            cursor.execute(
                f"CREATE TABLE {scratch} AS SELECT {columns} "
                f"FROM {quote(model._meta.db_table)} WHERE 1 = 0"
            )
    started = time.perf_counter()
    with transaction.atomic():
        for model, fields, rows, scratch in copies:
            bulk_insert(model, fields, rows, table=scratch)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        for *_, scratch in copies:
            cursor.execute(f"DROP TABLE {scratch}")
    return elapsed


# --- Computing: the DuckDB reference, on input read apart from the application ------------


def _independent_rows(campaign) -> dict:
    """The campaign's rows read with plain SQL, and the framework's rules as tables.

    Answers become numpy columns a chunk at a time (each code numbered), so that millions
    of them fit in memory.
    """
    from django.db import connection

    from territoires.observatory.enums import AssessmentStatus, CampaignStatus, Questionnaire
    from territoires.observatory.framework import get_framework

    queries = _sql(campaign)
    code_numbers: dict[str, int] = {}
    columns: dict[str, list] = {"assessment_id": [], "code": [], "status": [], "value": []}
    with connection.cursor() as cursor:
        cursor.execute(*queries["answers"])
        while chunk := cursor.fetchmany(CHUNK):
            ids, codes, statuses, values = zip(*chunk, strict=True)
            columns["assessment_id"].append(np.array(ids, dtype=np.int64))
            columns["code"].append(
                np.array([code_numbers.setdefault(c, len(code_numbers)) for c in codes], np.int32)
            )
            columns["status"].append(np.array(statuses, dtype=np.int32))
            columns["value"].append(np.array(values, dtype=float))  # NULL becomes NaN
        cursor.execute(*queries["assessments"])
        ids, kinds, populations, strata, questionnaires, statuses, campaign_statuses = zip(
            *cursor.fetchall(), strict=True
        )
    answers = {
        name: np.concatenate(parts) if parts else np.empty(0) for name, parts in columns.items()
    }
    published = (np.array(statuses) == AssessmentStatus.SUBMITTED) & (
        np.array(campaign_statuses) == CampaignStatus.PUBLISHED
    )
    assessments = {
        "assessment_id": np.array(ids, dtype=np.int64),
        "kind": np.array(kinds, dtype=object),
        "population": np.array(populations, dtype=float),  # NULL becomes NaN
        "stratum": np.array(strata, dtype=object),
        "light": np.array(questionnaires) == Questionnaire.LIGHT,
        "published": published,
    }
    return {
        "answers": answers,
        "codes": [(number, code) for code, number in code_numbers.items()],
        "assessments": assessments,
        **_framework_tables(get_framework(campaign.edition)),
    }


def _framework_tables(framework) -> dict[str, list[tuple]]:
    """The framework's rules as plain tables, for SQL to apply, from its definitions.

    ``steps``: a step rule's (threshold, score) pairs, the floor at −∞ (yes/no,
    level, count); ``segments``: a linear rule's segments, with flat ends to
    ±∞ (percentage); ``options``: a multiple choice's (bit, points);
    ``indicator_kinds``: the kinds each indicator applies to, by its ``kinds``
    and the competences each kind holds by default.
    """
    from territoires.observatory.framework import ASSESSED_KINDS, IndicatorType

    held = {
        kind: {c.code for c in framework.competences if kind in c.default_kinds}
        for kind in ASSESSED_KINDS
    }
    indicators, steps, segments, options, indicator_kinds = [], [], [], [], []
    for indicator in framework.indicators:
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
        indicator_kinds += [
            (indicator.code, kind)
            for kind in ASSESSED_KINDS
            if (not rule.kinds or kind in rule.kinds)
            and (not rule.competences or set(rule.competences) & held[kind])
        ]
        if indicator.context:
            steps.append((indicator.code, float("-inf"), 0.0))
        elif indicator.type == IndicatorType.YES_NO:
            steps += [(indicator.code, float("-inf"), 0.0), (indicator.code, 1.0, 100.0)]
        elif indicator.type == IndicatorType.LEVEL:
            steps.append((indicator.code, float("-inf"), indicator.level_scores[0]))
            steps += [
                (indicator.code, float(answer), score)
                for answer, score in enumerate(indicator.level_scores)
                if answer > 0
            ]
        elif indicator.type == IndicatorType.COUNT:
            steps.append((indicator.code, float("-inf"), 0.0))
            steps += [(indicator.code, x, y) for x, y in indicator.thresholds]
        elif indicator.type == IndicatorType.PERCENTAGE:
            points = indicator.points
            segments.append(
                (indicator.code, float("-inf"), points[0][1], points[0][0], points[0][1])
            )
            segments += [
                (indicator.code, x0, y0, x1, y1)
                for (x0, y0), (x1, y1) in itertools.pairwise(points)
            ]
            segments.append(
                (indicator.code, points[-1][0], points[-1][1], float("inf"), points[-1][1])
            )
        else:
            options += [(indicator.code, bit, o.points) for bit, o in enumerate(indicator.options)]
    return {
        "indicators": indicators,
        "indicator_kinds": indicator_kinds,
        "steps": steps,
        "segments": segments,
        "options": options,
        "axes": [(axis.code, axis.weight) for axis in framework.axes],
        "levels": [(level.level, level.min_index) for level in framework.levels],
        "completeness_threshold": framework.completeness_threshold,
    }


# The small tables, inserted row by row.
TABLES = {
    "codes": "number INTEGER, code VARCHAR",
    "indicators": (
        "code VARCHAR, axis VARCHAR, weight DOUBLE, population_min BIGINT, "
        "population_below BIGINT, light BOOLEAN"
    ),
    "indicator_kinds": "code VARCHAR, kind VARCHAR",
    "steps": "code VARCHAR, x DOUBLE, score DOUBLE",
    "segments": "code VARCHAR, x0 DOUBLE, y0 DOUBLE, x1 DOUBLE, y1 DOUBLE",
    "options": "code VARCHAR, bit INTEGER, points DOUBLE",
    "axes": "axis VARCHAR, axis_weight DOUBLE",
    "levels": "level INTEGER, min_index DOUBLE",
}


def _duckdb_load(rows: dict) -> tuple:
    """An in-memory DuckDB database holding ``rows`` (one thread, as the engine), and the
    completeness threshold."""
    import duckdb

    database = duckdb.connect()
    database.execute("SET threads = 1")
    for name, columns in TABLES.items():
        database.execute(f"CREATE TABLE {name} ({columns})")
        if rows[name]:
            placeholders = ", ".join(["?"] * len(rows[name][0]))
            database.executemany(f"INSERT INTO {name} VALUES ({placeholders})", rows[name])
    # The large tables from numpy columns, which DuckDB scans as local variables.
    answer_columns = rows["answers"]  # noqa: F841
    database.execute(
        "CREATE TABLE answers AS SELECT a.assessment_id, c.code, a.status, "
        "CASE WHEN isnan(a.value) THEN NULL ELSE a.value END AS value "
        "FROM answer_columns a JOIN codes c ON c.number = a.code"
    )
    assessment_columns = rows["assessments"]  # noqa: F841
    database.execute(
        "CREATE TABLE assessments AS SELECT assessment_id, kind, "
        "CASE WHEN isnan(population) THEN NULL ELSE population::BIGINT END AS population, "
        "stratum, light, published FROM assessment_columns"
    )
    return database, rows["completeness_threshold"]


REFERENCE_SQL = [
    # Per assessment and axis: weighted sums, answered or non concerné, applicable.
    """
CREATE OR REPLACE TABLE axis_results AS
WITH
applicable AS (
    SELECT a.assessment_id, i.code, i.axis, i.weight
    FROM assessments a
    JOIN indicator_kinds k ON k.kind = a.kind
    JOIN indicators i ON i.code = k.code
    WHERE (i.population_min IS NULL OR a.population >= i.population_min)
      AND (i.population_below IS NULL OR a.population < i.population_below)
      AND (NOT a.light OR i.light)
),
answered AS (SELECT * FROM answers WHERE status = 1),
indicator_scores AS (
    SELECT n.assessment_id, n.code, arg_max(s.score, s.x) AS score
    FROM answered n JOIN steps s ON s.code = n.code AND s.x <= n.value
    GROUP BY ALL
    UNION ALL
    SELECT n.assessment_id, n.code,
        CASE WHEN s.y0 = s.y1 THEN s.y0
             ELSE s.y0 + (n.value - s.x0) * (s.y1 - s.y0) / (s.x1 - s.x0) END
    FROM answered n JOIN segments s ON s.code = n.code AND s.x0 <= n.value AND n.value < s.x1
    UNION ALL
    SELECT n.assessment_id, n.code,
        least(100, coalesce(sum(o.points) FILTER (
            ((trunc(greatest(n.value, 0))::BIGINT >> o.bit) & 1) = 1
        ), 0))
    FROM answered n JOIN options o ON o.code = n.code
    GROUP BY ALL
),
by_axis AS (
    SELECT p.assessment_id, p.axis,
        sum(p.weight * s.score) FILTER (n.status = 1) AS numerator,
        coalesce(sum(p.weight) FILTER (n.status = 1), 0) AS denominator,
        count(*) FILTER (n.status <> 0) AS resolved,
        count(*) AS applicable
    FROM applicable p
    LEFT JOIN answers n ON n.assessment_id = p.assessment_id AND n.code = p.code
    LEFT JOIN indicator_scores s ON s.assessment_id = p.assessment_id AND s.code = p.code
    GROUP BY ALL
)
SELECT assessment_id, axis, resolved, applicable,
    100.0 * resolved / applicable AS completeness,
    CASE WHEN denominator > 0 AND 100.0 * resolved / applicable >= {threshold}
         THEN numerator / denominator END AS score
FROM by_axis
""",
    # Per assessment: completeness, index (weighted mean of the published axes), level.
    """
CREATE OR REPLACE TABLE assessment_results AS
WITH totals AS (
    SELECT a.assessment_id, a.stratum, a.published,
        coalesce(100.0 * sum(b.resolved) / nullif(sum(b.applicable), 0), 0) AS completeness,
        sum(x.axis_weight * b.score) AS index_numerator,
        sum(x.axis_weight) FILTER (b.score IS NOT NULL) AS index_denominator
    FROM assessments a
    LEFT JOIN axis_results b USING (assessment_id)
    LEFT JOIN axes x ON x.axis = b.axis
    GROUP BY ALL
),
scored AS (
    SELECT *, CASE WHEN index_denominator > 0 AND completeness >= {threshold}
                   THEN index_numerator / index_denominator END AS "index"
    FROM totals
)
SELECT s.assessment_id, s.stratum, s.published, s.completeness, s."index",
    coalesce(max(l.level), 0) AS level
FROM scored s LEFT JOIN levels l ON s."index" >= l.min_index
GROUP BY ALL
""",
    # Every metric (the index, each axis) of every assessment, with its stratum; equal but for
    # floating-point noise, two scores are ties.
    """
CREATE OR REPLACE TABLE metric_scores AS
SELECT assessment_id, stratum, published, 'index' AS metric, round("index", 9) AS score,
    (published AND "index" IS NOT NULL)::INTEGER AS counted
FROM assessment_results
UNION ALL
SELECT b.assessment_id, a.stratum, a.published, b.axis, round(b.score, 9),
    (a.published AND b.score IS NOT NULL)::INTEGER
FROM axis_results b JOIN assessment_results a USING (assessment_id)
""",
    # Percentile rank among the published peers, not counting oneself.
    """
CREATE OR REPLACE TABLE metric_ranks AS
WITH windowed AS (
    SELECT *,
        sum(counted) OVER (PARTITION BY stratum, metric) AS group_size,
        sum(counted) OVER (
            PARTITION BY stratum, metric ORDER BY score
            RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS not_above,
        sum(counted) OVER (PARTITION BY stratum, metric, score) AS equal
    FROM metric_scores
)
SELECT assessment_id, metric,
    100.0 * (not_above - equal + 0.5 * (equal - counted)) / (group_size - counted) AS rank
FROM windowed
WHERE score IS NOT NULL AND group_size >= {min_group} AND group_size - counted > 0
""",
]
RESULTS_SQL = {
    "scores": 'SELECT assessment_id, "index", level, completeness FROM assessment_results',
    "axes": "SELECT assessment_id, axis, score, completeness FROM axis_results",
    "ranks": "SELECT assessment_id, metric, rank FROM metric_ranks",
    "peers": """
SELECT stratum, metric, count(*), quantile_cont(score, 0.5), quantile_cont(score, 0.25),
    quantile_cont(score, 0.75)
FROM metric_scores WHERE counted = 1
GROUP BY ALL HAVING count(*) >= {min_group}
""",
}


def _duckdb_compute(database) -> tuple[float, dict[str, list[tuple]]]:
    """Run the reference computation; (seconds, its results as Python rows)."""
    from django.conf import settings

    connection, threshold = database
    figures = {"threshold": threshold, "min_group": settings.OBSERVATORY_PEER_MIN_GROUP}
    started = time.perf_counter()
    for sql in REFERENCE_SQL:
        connection.execute(sql.format(**figures))
    results = {
        name: connection.sql(sql.format(**figures)).fetchall() for name, sql in RESULTS_SQL.items()
    }
    return time.perf_counter() - started, results


def _compare(campaign, reference: dict[str, list[tuple]]) -> list[str]:
    """Lines saying whether every stored result of ``campaign`` agrees with DuckDB's."""
    from django.conf import settings

    from territoires.observatory.models import AssessmentScore, PeerStatistic
    from territoires.observatory.results import SCORE_FIELDS

    stored = {
        pk: (index, level, completeness, axes, axis_completeness, ranks)
        for pk, index, level, completeness, axes, axis_completeness, ranks in (
            AssessmentScore.objects.filter(assessment__campaign=campaign).values_list(
                *(name for name in SCORE_FIELDS if name != "computed_at")
            )
        )
    }

    def close(ours, theirs, tolerance=SCORE_TOLERANCE) -> bool:
        if ours is None or theirs is None:
            return ours is None and theirs is None
        return abs(ours - theirs) <= tolerance

    def decoded(value) -> dict:
        return json.loads(value) if isinstance(value, str) else value

    axes, ranks = {}, {}
    for pk, axis, score, completeness in reference["axes"]:
        axes.setdefault(pk, {})[axis] = (score, completeness)
    for pk, metric, rank in reference["ranks"]:
        ranks.setdefault(pk, {})[metric] = rank
    agree = {"indice et niveau": 0, "complétude": 0, "scores et complétude des axes": 0}
    agree["rangs parmi les pairs"] = 0
    for pk, index, level, completeness in reference["scores"]:
        if pk not in stored:
            continue
        ours = stored[pk]
        agree["indice et niveau"] += close(ours[0], index) and ours[1] == level
        agree["complétude"] += close(ours[2], completeness)
        our_axes, our_completeness = decoded(ours[3]), decoded(ours[4])
        theirs = axes.get(pk, {})
        agree["scores et complétude des axes"] += all(
            close(our_axes.get(axis), theirs.get(axis, (None, None))[0])
            and close(our_completeness.get(axis), theirs.get(axis, (None, None))[1])
            for axis in set(our_axes) | set(theirs)
        )
        our_ranks, their_ranks = decoded(ours[5]), ranks.get(pk, {})
        agree["rangs parmi les pairs"] += set(our_ranks) == set(their_ranks) and all(
            close(our_ranks[metric], their_ranks[metric], RANK_TOLERANCE) for metric in our_ranks
        )
    total = len(stored)
    complete = len(reference["scores"]) == total
    lines = [
        f"{'accord' if complete and count == total else 'DÉSACCORD'} avec DuckDB, {label} : "
        f"{number(count)} évaluations sur {number(total)}"
        for label, count in agree.items()
    ]
    ours = {
        (stratum, metric): (size, median, q1, q3)
        for stratum, metric, size, median, q1, q3 in PeerStatistic.objects.filter(
            campaign=campaign
        ).values_list(
            "stratum", "metric", "group_size", "median", "first_quartile", "third_quartile"
        )
    }
    theirs = {(row[0], row[1]): row[2:] for row in reference["peers"]}
    peers_agree = set(ours) == set(theirs) and all(
        ours[key][0] == theirs[key][0]
        and all(abs(a - b) <= 1e-6 for a, b in zip(ours[key][1:], theirs[key][1:], strict=True))
        for key in ours
    )
    minimum = settings.OBSERVATORY_PEER_MIN_GROUP
    lines.append(
        f"{'accord' if peers_agree else 'DÉSACCORD'} avec DuckDB : médiane et quartiles de "
        f"l’indice et de chaque axe pour les {number(len(ours))} couples (strate, mesure) "
        f"d’au moins {minimum} évaluations publiées"
    )
    return lines


# --- Rescoring one assessment ----------------------------------------------------------


def _rescore_timings(campaign) -> list[float]:
    """Seconds of ``assessment_rescore`` after one answer changed, up to the commit, on
    RESCORE_SAVES assessments."""
    from django.db import transaction

    from territoires.observatory.enums import AnswerStatus
    from territoires.observatory.models import Answer, Assessment
    from territoires.observatory.results import assessment_rescore

    ids = list(
        Assessment.objects.filter(campaign=campaign).order_by("pk").values_list("pk", flat=True)
    )
    timings = []
    for pk in random.Random(SEED).sample(ids, min(RESCORE_SAVES, len(ids))):
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
