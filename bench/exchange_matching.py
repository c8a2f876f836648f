"""Benchmark: ranking 10,000 offers for a need, and 10,000 needs for an offer.

In a database of its own, the référentiel is imported, then ``EXCHANGE_BENCH_SIZE`` (default
10,000) published offers and as many published needs are written with a fixed seed, every
one of a skill sharing an axis with the others (so that every offer is a candidate of every
need): providers and requesters are collectivités of the référentiel, offers serve all France,
a région or a département, some hold places in agreements in progress. Then, for 50 needs
and 50 offers drawn with the same seed, each timed three times (the median kept) after an
untimed pass:

- ``offers_for_need``: the need page's ranking (facts read, every candidate filtered with its
  reason or scored with its breakdown, the 20 best and 20 excluded read); target p95 ≤ 50 ms;
- ``needs_for_offer``: the offer page's ranking of the published needs; target p95 ≤ 50 ms.

Reference, same run: the bare filtering query, without scoring (the ids of the candidates
that pass the filters, as SQL), for the same needs and offers. The benchmark checks that
the ranking and the bare query agree on how many candidates pass, and prints the check.
"""

import os
import random
import statistics
import sys
import time

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
SIZE = int(os.environ.get("EXCHANGE_BENCH_SIZE", "10000"))
SAMPLES = 50
TIMED_PASSES = 3
P95_TARGET = 0.050
# Skills that all share the axis GOUV: every offer is a candidate of every need.
SKILLS = ("dpo-mutualise", "cybersecurite", "open-data", "formation")


def run() -> bool:
    return run_on_each_engine("bench.exchange_matching", "Classement des offres et des besoins")


def populate(size: int, seed: int = SEED) -> None:
    """``size`` published offers and needs between collectivités of the référentiel."""
    from django.db import connection
    from django.utils import timezone

    from territoires.accounts.models import Organisation
    from territoires.core.db import bulk_insert
    from territoires.exchange.enums import AgreementStatus
    from territoires.exchange.models import Agreement, Beneficiary, Need, Offer
    from territoires.geo.enums import TerritoryKind
    from territoires.geo.models import Territory

    rng = random.Random(seed)
    territories = list(
        Territory.objects.current()
        .exclude(siren="")
        .filter(kind__in=[TerritoryKind.COMMUNE, TerritoryKind.EPCI, TerritoryKind.DEPARTEMENT])
        .values_list("pk", "siren", "name", "kind")
    )
    chosen = rng.sample(territories, min(len(territories), 2 * size))
    Organisation.objects.bulk_create(
        [
            Organisation(name=name, siren=siren, kind="collectivite", territory_id=pk)
            for pk, siren, name, _ in chosen
        ],
        ignore_conflicts=True,
    )
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    areas = list(
        Territory.objects.current()
        .filter(kind__in=[TerritoryKind.DEPARTEMENT, TerritoryKind.REGION])
        .values_list("pk", flat=True)
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    bulk_insert(
        Offer,
        ["provider_id", "skill", "title", "description", "modality", "legal_vehicle",
         "national", "eligible_kinds", "population_ceiling", "capacity", "cost_model",
         "contact_email", "status", "created_at", "published_at", "is_demo"],
        (
            (rng.choice(organisations), rng.choice(SKILLS), f"Offre {n}", "Banc d’essai",
             "conseil", "cooperation", n % 3 == 0, "[]",
             rng.choice([None, None, 3500, 50000]), rng.randint(1, 10), "gratuit",
             "banc@exemple.invalid", "publiee", now, now, False)
            for n in range(size)
        ),
    )  # fmt: skip
    offer_ids = list(Offer.objects.values_list("pk", flat=True))
    bulk_insert(
        Offer.area.through,
        ["offer_id", "territory_id"],
        ((pk, rng.choice(areas)) for n, pk in enumerate(offer_ids) if n % 3),
    )
    bulk_insert(
        Need,
        ["organisation_id", "skill", "description", "urgency", "budget_band",
         "preferred_modality", "is_published", "created_at", "is_demo"],
        (
            (rng.choice(organisations), rng.choice(SKILLS), "Banc d’essai", "moyenne", "aucun",
             "", True, now, False)
            for _ in range(size)
        ),
    )  # fmt: skip
    # A tenth of the offers hold a place in an agreement in progress.
    bulk_insert(
        Agreement,
        ["offer_id", "requester_id", "message", "status", "decline_reason", "evaluation",
         "created_at", "answered_at", "is_demo"],
        (
            (pk, rng.choice(organisations), "Banc", AgreementStatus.ACTIVE.value, "", "", now,
             now, False)
            for pk in offer_ids[:: 10]
        ),
    )  # fmt: skip
    bulk_insert(
        Beneficiary,
        ["agreement_id", "organisation_id", "joined_at"],
        (
            (pk, requester, now)
            for pk, requester in Agreement.objects.values_list("pk", "requester_id")
        ),
    )


def bare_offers(need) -> list[int]:
    """The reference: the ids of the offers that pass the filters, in SQL, without scoring."""
    from django.db.models import F, Q

    from territoires.exchange.models import Offer
    from territoires.exchange.selectors import offers_covering
    from territoires.exchange.taxonomy import get_taxonomy

    territory = need.organisation.territory
    offers = (
        Offer.objects.published()
        .filter(skill__in=get_taxonomy().related(need.skill))
        .exclude(provider_id=need.organisation_id)
        .with_places_taken()
        .filter(capacity__gt=F("places_taken"))
    )
    ceiling = Q(population_ceiling__isnull=True)
    if territory.population is not None:
        ceiling |= Q(population_ceiling__gt=territory.population)
    offers = offers.filter(ceiling)
    area = territory.departement or territory
    return list(offers_covering(offers, area).values_list("pk", flat=True))


def bare_needs(offer) -> list[int]:
    from django.db.models import Q

    from territoires.exchange.models import Need
    from territoires.exchange.taxonomy import get_taxonomy

    needs = (
        Need.objects.published()
        .filter(skill__in=get_taxonomy().related(offer.skill))
        .exclude(organisation_id=offer.provider_id)
    )
    if offer.population_ceiling is not None:
        needs = needs.filter(organisation__territory__population__lt=offer.population_ceiling)
    if not offer.national:
        area = list(offer.area.values_list("pk", flat=True))
        needs = needs.filter(
            Q(organisation__territory__departement__in=area)
            | Q(organisation__territory__region__in=area)
            | Q(organisation__territory__in=area)
        )
    return list(needs.values_list("pk", flat=True))


def timed(function, items) -> tuple[list[float], list]:
    """Each item's median time over ``TIMED_PASSES`` after an untimed pass, and the results."""
    results = [function(item) for item in items]
    timings = []
    for item in items:
        runs = []
        for _ in range(TIMED_PASSES):
            started = time.perf_counter()
            function(item)
            runs.append(time.perf_counter() - started)
        timings.append(statistics.median(runs))
    return timings, results


def samples(seed: int = SEED):
    from territoires.exchange.models import Need, Offer

    rng = random.Random(seed)
    needs = list(Need.objects.select_related("organisation__territory").order_by("pk"))
    # Offers with every place free, whose requesters are not excluded for capacity.
    offers = list(Offer.objects.filter(agreements__isnull=True).order_by("pk"))
    return (
        rng.sample(needs, min(SAMPLES, len(needs))),
        rng.sample(offers, min(SAMPLES, len(offers))),
    )


def measure() -> None:
    setup_django()
    from django.conf import settings

    from territoires.exchange.selectors import needs_for_offer, offers_for_need
    from territoires.geo.services import referentiel_import

    started = time.perf_counter()
    referentiel_import(data_dir=settings.REFERENTIEL_DATA_DIR)
    imported = time.perf_counter() - started
    started = time.perf_counter()
    populate(SIZE)
    populated = time.perf_counter() - started
    print(
        f"  préparation : référentiel importé en {seconds(imported)}, {number(SIZE)} offres et "
        f"{number(SIZE)} besoins publiés écrits en {seconds(populated)} (graine {SEED})"
    )
    needs, offers = samples()
    report("offres classées pour un besoin", needs, offers_for_need, bare_offers,
           lambda result: result.match_count)  # fmt: skip
    report("besoins classés pour une offre", offers, needs_for_offer, bare_needs,
           lambda result: result[1])  # fmt: skip


def report(title, items, ranking, bare, passed) -> None:
    timings, results = timed(ranking, items)
    reference, references = timed(bare, items)
    disagreements = sum(
        1 for result, ids in zip(results, references, strict=True) if passed(result) != len(ids)
    )
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    reference_p95 = percentile(reference, 95)
    candidates = statistics.mean(len(ids) for ids in references)
    print(
        f"  {title} ({number(len(items))} tirages, {number(round(candidates))} retenues en moyenne)"
    )
    print(f"    {'référence : requête de filtrage seule, p95':<46}{milliseconds(reference_p95):>9}")
    print(f"    {'classement avec détail du score, p50':<46}{milliseconds(p50):>9}")
    print(
        f"    {'classement avec détail du score, p95':<46}{milliseconds(p95):>9}  "
        f"{ratio(p95, reference_p95):>7} la référence  {verdict(p95, P95_TARGET, 'p95 ≤ 50 ms')}"
    )
    if disagreements:
        print(f"    DÉSACCORD : {disagreements} tirage(s) où le classement et la requête diffèrent")
        sys.exit("Le classement et la requête de filtrage ne retiennent pas les mêmes candidats.")
    print("    accord : le classement retient autant de candidats que la requête de filtrage")


if __name__ == "__main__":
    measure()
