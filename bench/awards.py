"""Benchmark: the labels' automatic assignment with conflicts, and the three rankings.

In a database of its own with every migration applied, the référentiel is imported, then
a world is built with a fixed seed: 2,000 applications from communes drawn over the whole
country, each its own collectivité, and 150 jurors with their territories (agents of drawn
communes, EPCI and départements, some of them applicants themselves, and experts with no
territory), all in one jury. Then:

1. ``jury_assign``, the service staff runs: reads the applications, the jurors and their
   territories' lineages, computes every conflict of interest, plans (three jurors per
   application, loads balanced), writes the sheets and moves every application; target
   ≤ 2 s. The plan is checked: three jurors each, no conflict, loads within one.
2. The three rankings (raw mean, median, z-score per juror) of a jury's 10,000 score
   sheets, as the staff's page reads them (``jury_ranking``: the sheets, the computation,
   the applications), in every pass of ``all_timings``; target p95 ≤ 200 ms.

Reference, same run: the bare aggregate query (mean total per application, ``AVG`` in
SQL), timed as often; the ratio is printed, and the raw means checked equal to it.

``BENCH_SCALE`` shrinks the sizes (0.05 for a smoke test).
"""

import random
import statistics
import sys
import time
from datetime import timedelta

from bench.engines import (
    all_timings,
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
APPLICATIONS = 2_000
JURORS = 150
SHEETS = 10_000
ASSIGN_TARGET = 2.0
RANKING_P95_TARGET = 0.200
RANKING_RUNS = 10  # per pass of all_timings


def run() -> bool:
    return run_on_each_engine("bench.awards", "Labels : affectation des jurés et classements")


def world(*, applications: int, jurors: int, seed: int = SEED):
    """An edition under review, ``applications`` deposited by drawn communes and one jury
    of ``jurors`` with their organisations and territories. Returns (edition, jury)."""
    from django.utils import timezone

    from territoires.accounts.enums import OrganisationKind
    from territoires.accounts.models import Organisation, User
    from territoires.awards.enums import ApplicationStatus, EditionStatus, JurorKind
    from territoires.awards.models import Application, Edition, Juror, Jury
    from territoires.geo.enums import TerritoryKind
    from territoires.geo.models import Territory

    rng = random.Random(seed)
    now = timezone.now()
    edition = Edition.objects.create(
        year=2026,
        title="Labels Territoires Innovants 2026",
        status=EditionStatus.REVIEW,
        **{
            field: now + timedelta(days=offset)
            for field, offset in (
                ("call_opens_at", -120),
                ("call_closes_at", -30),
                ("preselection_at", 60),
                ("finalists_at", 70),
                ("final_at", 90),
                ("results_at", 100),
            )
        },
    )
    category = edition.categories.create(name="Administration numérique")
    communes = list(
        Territory.objects.current()
        .filter(kind=TerritoryKind.COMMUNE, region__isnull=False)
        .exclude(siren="")
        .order_by("code")
        .values_list("pk", "siren", "name", "region_id")
    )
    drawn = rng.sample(communes, min(applications, len(communes)))
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=name, kind=OrganisationKind.COLLECTIVITE, siren=siren, territory_id=territory
        )
        for territory, siren, name, _ in drawn
    )
    region = Territory.objects.get(pk=drawn[0][3])
    Application.objects.bulk_create(
        Application(
            edition=edition,
            organisation=organisation,
            region=region,
            category=category,
            title=f"Projet {index}",
            project_key=f"projet{index}",
            status=ApplicationStatus.SUBMITTED,
        )
        for index, organisation in enumerate(organisations)
    )
    jury = Jury.objects.create(edition=edition, region=region, deadline=edition.preselection_at)
    upper = list(
        Territory.objects.current()
        .filter(kind__in=[TerritoryKind.EPCI, TerritoryKind.DEPARTEMENT])
        .values_list("pk", flat=True)
    )
    users = User.objects.bulk_create(
        User(email=f"jure-{index}@bench.invalid") for index in range(jurors)
    )
    rows = []
    for index, user in enumerate(users):
        kind = index % 3
        if kind == 0:  # an agent of an applicant: own organisation, own territory
            organisation = rng.choice(organisations)
            rows.append(
                Juror(jury=jury, user=user, kind=JurorKind.AGENT, organisation=organisation,
                      territory_id=organisation.territory_id)
            )  # fmt: skip
        elif kind == 1:  # an agent of an EPCI or a département: contains applicants
            rows.append(
                Juror(jury=jury, user=user, kind=JurorKind.AGENT, territory_id=rng.choice(upper))
            )
        else:
            rows.append(Juror(jury=jury, user=user, kind=JurorKind.EXPERT))
    Juror.objects.bulk_create(rows)
    return edition, jury


def assignment_check(jury) -> tuple[int, int, bool]:
    """(sheets, conflicts, balanced) of the jury's active sheets."""
    from collections import Counter

    from territoires.awards import selectors
    from territoires.awards.assignment import conflict
    from territoires.awards.models import Assignment

    pairs = list(
        Assignment.objects.active()
        .filter(juror__jury=jury)
        .values_list("application_id", "juror_id")
    )
    applications = {
        profile.id: profile
        for profile in selectors.application_profiles(selectors.jury_applications(jury))
    }
    jurors = {profile.id: profile for profile in selectors.juror_profiles(jury.jurors.all())}
    conflicts = sum(
        conflict(jurors[juror], applications[application]) is not None
        for application, juror in pairs
    )
    per_application = Counter(application for application, _ in pairs)
    loads = Counter(juror for _, juror in pairs)
    # Every juror who may review at least one application counts, even with nothing to do.
    loads.update(
        dict.fromkeys(
            (
                key
                for key, juror in jurors.items()
                if any(conflict(juror, item) is None for item in applications.values())
            ),
            0,
        )
    )
    balanced = max(loads.values()) - min(loads.values()) <= 1
    complete = set(per_application.values()) == {3} and len(per_application) == len(applications)
    return len(pairs), conflicts, balanced and complete


def sheets_write(jury, count: int, seed: int = SEED) -> int:
    """``count`` sent sheets (per juror severity plus noise) over the jury's applications."""
    from territoires.awards.assignment import assignment_plan
    from territoires.awards.enums import SheetStatus
    from territoires.awards.models import Assignment
    from territoires.awards.selectors import (
        application_profiles,
        juror_profiles,
        jury_applications,
    )

    rng = random.Random(seed)
    applications = list(jury_applications(jury))
    jurors = list(jury.jurors.all())
    Assignment.objects.filter(juror__jury=jury).delete()
    per_application = max(1, round(count / len(applications)))
    plan = assignment_plan(
        application_profiles(applications),
        juror_profiles(jurors),
        per_application=min(per_application, len(jurors)),
    )
    quality = {application.pk: rng.uniform(1, 4.5) for application in applications}
    severity = {juror.pk: rng.uniform(-1, 1) for juror in jurors}
    Assignment.objects.bulk_create(
        (
            Assignment(
                application_id=application,
                juror_id=juror,
                status=SheetStatus.SUBMITTED,
                total=max(
                    0.0, min(5.0, quality[application] + severity[juror] + rng.gauss(0, 0.5))
                ),
            )
            for application, juror in plan.new_pairs
        ),
        batch_size=2_000,
    )
    return len(plan.new_pairs)


def bare_means(jury) -> dict[int, float]:
    from django.db.models import Avg

    from territoires.awards.models import Assignment

    return dict(
        Assignment.objects.scored()
        .filter(juror__jury=jury)
        .values("application_id")
        .annotate(mean=Avg("total"))
        .values_list("application_id", "mean")
    )


def timed(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def measure() -> None:
    setup_django()
    from django.conf import settings

    from territoires.awards import selectors, services
    from territoires.geo.services import referentiel_import

    imported, _ = timed(lambda: referentiel_import(data_dir=settings.REFERENTIEL_DATA_DIR))
    built, (edition, jury) = timed(
        lambda: world(applications=scaled(APPLICATIONS, 5), jurors=scaled(JURORS, 5))
    )
    print(
        f"  préparation : référentiel importé en {seconds(imported)}, "
        f"{number(edition.applications.count())} candidatures et "
        f"{number(jury.jurors.count())} jurés créés en {seconds(built)}"
    )
    assign, _ = timed(lambda: services.jury_assign(actor=None, jury=jury))
    sheets, conflicts, balanced = assignment_check(jury)
    print(
        f"  {'affectation automatique avec conflits':<44}{seconds(assign):>9}  "
        f"{verdict(assign, ASSIGN_TARGET, '≤ 2 s')}"
    )
    state = "charges équilibrées (écart ≤ 1), trois jurés chacune" if balanced else "DÉSÉQUILIBRE"
    print(f"    {number(sheets)} fiches, {conflicts} en conflit d’intérêts, {state}")
    written = sheets_write(jury, scaled(SHEETS, 5))
    # The same jury ranked again and again: every timing of every pass counts in the p95.
    runs = [jury] * RANKING_RUNS
    (ranking, *_), rankings = all_timings(selectors.jury_ranking, runs)
    (reference, *_), references = all_timings(bare_means, runs)
    p50, p95 = percentile(rankings, 50), percentile(rankings, 95)
    reference_p95 = percentile(references, 95)
    print(
        f"  {'trois classements, ' + number(written) + ' fiches (p95)':<44}"
        f"{milliseconds(p95):>9}  médiane {milliseconds(p50)}  "
        f"{verdict(p95, RANKING_P95_TARGET, 'p95 ≤ 200 ms')}"
    )
    print(
        f"  {'référence : AVG SQL par candidature (p95)':<44}{milliseconds(reference_p95):>9}  "
        f"classements = {ratio(p95, reference_p95)} la référence"
    )
    agree = len(ranking) == len(reference) and all(
        abs(row.ranked.mean - reference[row.application.pk]) < 1e-9 for row in ranking
    )
    print(
        f"  vérification : moyennes brutes {'identiques' if agree else 'DIFFÉRENTES'} à la "
        f"référence ({number(len(reference))} candidatures), médiane des temps de référence "
        f"{milliseconds(statistics.median(references))}"
    )
    if not (agree and balanced and conflicts == 0):
        sys.exit(1)


if __name__ == "__main__":
    measure()
