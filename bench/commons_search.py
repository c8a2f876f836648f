"""Benchmark: the search of the catalogue of communs, and the help on a gap of a dashboard.

In a database of its own, a synthetic catalogue is written with a fixed seed: 10,000 communs,
50,000 usages by 5,000 collectivités of 96 départements, 20,000 experience reports, and a
published campaign whose assessments score half of the collectivités (sizes multiplied by
``COMMONS_BENCH_SCALE``, 1 by default, to shrink them for a smoke run). Texts are drawn from a
French vocabulary, with the inflected forms a person types (« mutualisé », « archiver »).

1. At least 200 varied French queries, in eight categories (a word as written, without its
   accents, an inflected form, two words, a rare word of a description, a word and a facet, a
   facet alone, the prefix typed for suggestions), each doing what the catalogue page does:
   the communs' first page with the count and the facets, and the reports (or, for a prefix,
   what the suggestions do). Target: p95 ≤ 30 ms. Reference, same run: the exact lookup of a
   commun by its slug (the unique index), as many times.
2. The commons' block on a collectivité's weak axes (``selectors.gap_help``) for 200
   collectivités drawn with the seed. Target: p95 ≤ 50 ms.

Each action runs once untimed, then three times; its time is the median. Agreement: the
results of every query (the slugs, in order) are hashed on each engine, and the two digests
must be equal: the same results in the same order on SQLite and PostgreSQL.
"""

import hashlib
import os
import random
import tempfile
from collections import defaultdict
from itertools import accumulate
from pathlib import Path

from bench.engines import (
    TIMED_PASSES,
    all_timings,
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
SIZES = {"communs": 10_000, "usages": 50_000, "reports": 20_000, "collectivites": 5_000}
QUERIES_PER_CATEGORY = 30
GAP_CALLS = 200
SEARCH_P95_TARGET = 0.030
GAP_P95_TARGET = 0.050
DIGEST_FILE = "COMMONS_BENCH_DIGESTS"

# Words of the catalogue's texts; the inflected forms below are what people type for them.
VOCABULARY_TEXT = """
    mutualisation archivage signature parapheur cartographie données ouvertes budget
    participation citoyenne école cantine voirie urbanisme déchets eau assainissement
    messagerie agenda visioconférence formation médiation inclusion numérique accessibilité
    sécurité sauvegarde hébergement logiciel libre plateforme portail démarches usagers
    courrier délibérations conseil municipal marchés publics facturation comptabilité
    ressources humaines paie élections état civil cimetière bibliothèque médiathèque musée
    sport associations subventions transport mobilité covoiturage vélo stationnement
    énergie éclairage bâtiments patrimoine tourisme agriculture forêt environnement climat
    biodiversité risques inondation population recensement santé social jeunesse petite
    enfance crèche périscolaire culture événements communication réseaux sociaux site
    internet intranet annuaire téléphonie wifi fibre couverture mobile antenne capteurs
    supervision tableau bord indicateurs statistiques géographie adresse cadastre foncier
    habitat logement permis construire instruction dossiers guichet unique accueil
    rendez-vous réservation salles matériel prêt inventaire parc informatique assistance
    tickets maintenance interventions techniques régie espaces verts propreté collecte
    tri recyclage sobriété écoconception sensibilisation cybersécurité rgpd protection
    identité authentification coffre-fort dématérialisation numérisation scanner
    conservation versement métadonnées schéma standard interopérabilité api échange
    concertation débat consultation questionnaire sondage pétition budget-participatif
"""
VOCABULARY = VOCABULARY_TEXT.split()
INFLECTIONS = {
    "mutualisation": ["mutualisé", "mutualiser", "mutualisées", "Mutualisations"],
    "archivage": ["archiver", "archivé", "archives", "ARCHIVAGES"],
    "signature": ["signatures", "Signatures"],
    "concertation": ["concerter", "concertations"],
    "formation": ["formations", "former", "formé"],
    "numérisation": ["numériser", "numérisé", "numerisation"],
    "consultation": ["consulter", "consultations"],
    "dématérialisation": ["dématérialiser", "dématérialisé", "dematerialisation"],
    "sensibilisation": ["sensibiliser", "sensibilisé"],
    "réservation": ["réserver", "réservations"],
    "inventaire": ["inventaires"],
    "délibérations": ["délibération", "délibérer"],
}
CATEGORIES = (
    "mot du nom, tel qu’écrit",
    "mot sans accents ni majuscules",
    "forme fléchie (pluriel, verbe)",
    "deux mots",
    "mot rare d’une description",
    "mot et facette",
    "facette seule",
    "préfixe (suggestions)",
)


def run() -> bool:
    with tempfile.TemporaryDirectory(prefix="territoires-bench-communs-") as directory:
        digests = Path(directory) / "empreintes.txt"
        os.environ[DIGEST_FILE] = str(digests)
        try:
            succeeded = run_on_each_engine(
                "bench.commons_search", "Recherche des communs et aide sur un écart"
            )
        finally:
            del os.environ[DIGEST_FILE]
        lines = digests.read_text().splitlines() if digests.exists() else []
    values = {line.split()[1] for line in lines}
    if len(lines) == 2:
        outcome = "identiques" if len(values) == 1 else "DIFFÉRENTES"
        print(f"\n  accord des moteurs : empreintes des résultats {outcome} ({', '.join(lines)})")
        succeeded &= len(values) == 1
    return succeeded


def measure() -> None:
    setup_django()
    import time

    from django.db import connection

    from territoires.commons import word_index

    scale = float(os.environ.get("COMMONS_BENCH_SCALE", "1"))
    rng = random.Random(SEED)
    started = time.perf_counter()
    data = populate(scale, rng)
    print(
        f"  préparation en {seconds(time.perf_counter() - started)} : "
        + ", ".join(f"{number(count)} {what}" for what, count in data["counts"].items())
    )

    queries = generate_queries(data, rng)
    # The first search reads the index in memory (then kept up to date change by change).
    started = time.perf_counter()
    search_page(queries[0][1])
    print(
        f"  première recherche, qui lit l’index en mémoire : "
        f"{seconds(time.perf_counter() - started)} ; ses tableaux : "
        f"{number(word_index.INDEX.memory() // 2**20)} Mio"
    )
    results, timings = all_timings(search_page, [query for _category, query in queries])
    slugs = rng.sample(data["slugs"], len(queries))
    _lookups, reference = all_timings(slug_lookup, slugs)
    _report_search(queries, results, timings, reference)

    territories = rng.sample(data["assessed"], min(GAP_CALLS, len(data["assessed"])))
    # The first help of a stratum computes the medians of its axes under the secrecy rules
    # (then kept with the campaign's results).
    started = time.perf_counter()
    gap_block(territories[0])
    print(
        f"  première aide d’une strate, qui calcule ses médianes : "
        f"{milliseconds(time.perf_counter() - started)}"
    )
    helps, gap_timings = all_timings(gap_block, territories)
    shown = sum(1 for block in helps if block)
    p95 = percentile(gap_timings, 95)
    print(
        f"  aide sur les axes faibles × {number(len(territories))} collectivités "
        f"({number(shown)} avec des communs) : p50 {milliseconds(percentile(gap_timings, 50))}, "
        f"p95 {milliseconds(p95)} ; {verdict(p95, GAP_P95_TARGET, '≤ 50 ms')}"
    )

    digest = hashlib.sha256(repr(results).encode()).hexdigest()[:16]
    print(f"  empreinte des résultats ({connection.vendor}) : {digest}")
    if os.environ.get(DIGEST_FILE):
        with open(os.environ[DIGEST_FILE], "a") as output:
            output.write(f"{connection.vendor} {digest}\n")


def _sentence(rng: random.Random, words: int, extra: list[str] = ()) -> str:
    chosen = [rng.choice(VOCABULARY) for _ in range(words)] + list(extra)
    rng.shuffle(chosen)
    return " ".join(chosen).capitalize() + "."


def populate(scale: float, rng: random.Random) -> dict:
    """Write the synthetic catalogue; what the queries and the gap block are drawn from."""
    from django.utils import timezone

    from territoires.accounts.models import Organisation
    from territoires.commons.enums import (
        CommunKind,
        CommunStatus,
        Maturity,
        ReportStatus,
        Visibility,
    )
    from territoires.commons.models import (
        Commun,
        CommunWord,
        ExperienceReport,
        ReportWord,
        SearchChange,
        StratumUse,
        Usage,
    )
    from territoires.commons.rules import current_axes, licences
    from territoires.commons.search_index import (
        commun_words,
        report_words,
        search_changed,
        stratum_uses_write,
    )
    from territoires.core.db import bulk_insert, refresh_after_bulk_write
    from territoires.geo import search_text
    from territoires.geo.enums import TerritoryKind, Zone
    from territoires.geo.models import Territory
    from territoires.geo.strata import stratum_for
    from territoires.observatory.enums import AssessmentStatus, CampaignStatus, Publication
    from territoires.observatory.models import Assessment, AssessmentScore, Campaign

    sizes = {what: max(20, int(size * scale)) for what, size in SIZES.items()}
    now = timezone.now()

    def territory(kind, code, name, **fields):
        return Territory(
            kind=kind,
            code=code,
            name=name,
            search_name=search_text.search_name(name),
            search_compact=search_text.search_compact(name),
            search_codes=search_text.search_codes(code),
            zone=Zone.METRO,
            **fields,
        )

    regions = Territory.objects.bulk_create(
        territory(TerritoryKind.REGION, f"{80 + n}", f"Région {n}", stratum="region")
        for n in range(13)
    )
    departements = Territory.objects.bulk_create(
        territory(
            TerritoryKind.DEPARTEMENT,
            f"{n:02d}",
            f"Département {n}",
            stratum="departement",
            region=regions[n % len(regions)],
        )
        for n in range(1, 97)
    )
    communes = []
    for n in range(sizes["collectivites"]):
        population = int(rng.lognormvariate(7, 1.5))
        departement = rng.choice(departements)
        communes.append(
            territory(
                TerritoryKind.COMMUNE,
                f"{departement.code}{n:05d}",
                f"Commune {n}",
                population=population,
                stratum=stratum_for(
                    kind=TerritoryKind.COMMUNE, population=population, zone="metro"
                ),
                departement=departement,
                region=departement.region,
                siren=f"{210000000 + n}",
            )
        )
    communes = Territory.objects.bulk_create(communes, batch_size=1_000)
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=commune.name, kind="collectivite", siren=commune.siren, territory=commune
            )
            for commune in communes
        ),
        batch_size=1_000,
    )

    # Usages first, in memory: a few communs are used much more than the others.
    count = sizes["communs"]
    popularity = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(count)))
    pairs: dict[tuple[int, int], bool] = {}
    while len(pairs) < sizes["usages"]:
        commun_index = rng.choices(range(count), cum_weights=popularity)[0]
        organisation_index = rng.randrange(len(organisations))
        pairs.setdefault((commun_index, organisation_index), rng.random() < 0.85)
    users = defaultdict(int)
    user_regions = defaultdict(set)
    for (commun_index, organisation_index), public in pairs.items():
        if public:
            users[commun_index] += 1
            user_regions[commun_index].add(organisations[organisation_index].territory.region.code)

    axes, all_licences = list(current_axes()), sorted(licences())
    inflected = list(INFLECTIONS)
    communs = []
    for n in range(count):
        name_words = [rng.choice(VOCABULARY) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.2:
            name_words.append(rng.choice(inflected))
        communs.append(
            Commun(
                slug=f"commun-{n}",
                name=" ".join(name_words).capitalize() + f" {n}",
                kind=rng.choice(CommunKind.values),
                summary=_sentence(rng, rng.randint(8, 14), [rng.choice(inflected)]),
                description=_sentence(rng, rng.randint(40, 120)),
                axes=rng.sample(axes, rng.randint(1, 2)),
                licence=rng.choice([*all_licences[:20], ""]),
                maturity=rng.choice(Maturity.values),
                status=CommunStatus.PUBLISHED if rng.random() < 0.95 else CommunStatus.PROPOSED,
                published_at=now,
                users_count=users[n],
            )
        )
    communs = Commun.objects.bulk_create(communs, batch_size=1_000)
    bulk_insert(
        CommunWord,
        ["commun_id", "word", "weight"],
        (
            (commun.pk, word, weight)
            for n, commun in enumerate(communs)
            for word, weight in commun_words(commun, regions=user_regions[n], providers=()).items()
        ),
    )
    Usage.objects.bulk_create(
        (
            Usage(
                commun=communs[commun_index],
                organisation=organisations[organisation_index],
                since_year=rng.randint(2012, 2026),
                visibility=Visibility.PUBLIC if public else Visibility.MEMBERS,
            )
            for (commun_index, organisation_index), public in pairs.items()
        ),
        batch_size=2_000,
    )
    stratum_uses_write(Commun.objects.all())

    reports = ExperienceReport.objects.bulk_create(
        (
            ExperienceReport(
                slug=f"retour-{n}",
                title=_sentence(rng, rng.randint(4, 8)),
                problem=_sentence(rng, 15),
                context=_sentence(rng, 30),
                steps=_sentence(rng, 40),
                results=_sentence(rng, 30),
                advice=_sentence(rng, 20),
                status=ReportStatus.PUBLISHED if rng.random() < 0.9 else ReportStatus.DRAFT,
                published_at=now,
            )
            for n in range(sizes["reports"])
        ),
        batch_size=1_000,
    )
    bulk_insert(
        ReportWord,
        ["report_id", "word", "weight"],
        (
            (report.pk, word, weight)
            for report in reports
            for word, weight in report_words(report).items()
        ),
    )

    # Words written in bulk: the search's index in memory reads them all again.
    search_changed(SearchChange.Kind.ALL)

    campaign = Campaign.objects.create(
        year=2026, edition=2026, title="Banc d’essai", status=CampaignStatus.PUBLISHED
    )
    assessed = rng.sample(communes, len(communes) // 2)
    assessments = Assessment.objects.bulk_create(
        (
            Assessment(
                campaign=campaign,
                territory=commune,
                status=AssessmentStatus.SUBMITTED,
                publication=Publication.SCORES,
            )
            for commune in assessed
        ),
        batch_size=1_000,
    )
    AssessmentScore.objects.bulk_create(
        (
            AssessmentScore(
                assessment=assessment,
                index=50.0,
                level=3,
                completeness=100.0,
                axis_scores={code: round(rng.uniform(0, 100), 1) for code in axes},
            )
            for assessment in assessments
        ),
        batch_size=1_000,
    )
    refresh_after_bulk_write(
        Territory, Organisation, Commun, CommunWord, Usage, StratumUse, ExperienceReport,
        ReportWord, Assessment, AssessmentScore,
    )  # fmt: skip
    published = [commun for commun in communs if commun.status == CommunStatus.PUBLISHED]
    return {
        "counts": {
            "communs": len(communs),
            "usages": len(pairs),
            "retours d’expérience": len(reports),
            "collectivités": len(communes),
            "évaluations publiées": len(assessments),
        },
        "communs": published,
        "slugs": [commun.slug for commun in communs],
        "assessed": [(assessment.territory, assessment.pk) for assessment in assessments],
        "axes": axes,
    }


def generate_queries(data: dict, rng: random.Random) -> list[tuple[str, tuple]]:
    """(category, (query, filters, prefix)) drawn with ``rng``, in a fixed order."""
    from territoires.commons.enums import CommunKind
    from territoires.geo.search_text import words

    communs = data["communs"]

    def name_word(commun):
        return rng.choice(commun.name.split()[:-1])

    makers = {
        CATEGORIES[0]: lambda: (name_word(rng.choice(communs)), {}, False),
        CATEGORIES[1]: lambda: (" ".join(words(name_word(rng.choice(communs)))), {}, False),
        CATEGORIES[2]: lambda: (rng.choice(rng.choice(list(INFLECTIONS.values()))), {}, False),
        CATEGORIES[3]: lambda: (
            " ".join(rng.sample(rng.choice(communs).summary.split(), 2)),
            {},
            False,
        ),
        CATEGORIES[4]: lambda: (rng.choice(rng.choice(communs).description.split()), {}, False),
        CATEGORIES[5]: lambda: (
            rng.choice(VOCABULARY),
            rng.choice(
                [{"type": rng.choice(CommunKind.values)}, {"axe": rng.choice(data["axes"])}]
            ),
            False,
        ),
        CATEGORIES[6]: lambda: ("", {"axe": rng.choice(data["axes"])}, False),
        CATEGORIES[7]: lambda: (rng.choice(VOCABULARY)[: rng.randint(3, 5)], {}, True),
    }
    return [
        (category, makers[category]())
        for category in CATEGORIES
        for _ in range(QUERIES_PER_CATEGORY)
    ]


def search_page(arguments: tuple) -> tuple:
    """What the catalogue page (or, for a prefix, the suggestions) does; the slugs found."""
    from territoires.commons.search import commun_search, report_search

    query, filters, prefix = arguments
    if prefix:
        communs = commun_search(query, prefix=True, limit=6, with_facets=False)
        reports = report_search(query, prefix=True, limit=3)
    else:
        communs = commun_search(query, filters=filters, limit=20)
        reports = report_search(query, limit=5) if query and not filters else None
    return (
        communs.total,
        [commun.slug for commun in communs.items],
        sorted(
            (facet, value.value, value.count)
            for facet, values in communs.facets.items()
            for value in values
        ),
        [report.slug for report in reports.items] if reports else [],
    )


def slug_lookup(slug: str) -> None:
    from territoires.commons.models import Commun

    Commun.objects.get(slug=slug)


def gap_block(assessed: tuple) -> list:
    """The commons' block of a collectivité's weak axes: its axes under 40."""
    from territoires.commons.selectors import gap_help
    from territoires.observatory.models import AssessmentScore
    from territoires.observatory.selectors import Gap

    territory, assessment_id = assessed
    scores = AssessmentScore.objects.get(assessment_id=assessment_id).axis_scores
    gaps = [
        Gap(axis=code, name=code, score=score, level=2, peer_median=None)
        for code, score in scores.items()
        if score < 40
    ]
    return gap_help(territory, gaps)


def _report_search(queries, results, timings, reference) -> None:
    p95, reference_p95 = percentile(timings, 95), percentile(reference, 95)
    found = sum(1 for result in results if result[0])
    print(
        f"  {number(len(queries))} requêtes (graine {SEED}), {number(found)} avec au moins un "
        f"commun ; chaque requête passée {TIMED_PASSES} fois après un passage à blanc, "
        "percentiles sur tous les passages"
    )
    print(
        f"  référence, lecture exacte par identifiant × {number(len(reference))} : "
        f"p50 {milliseconds(percentile(reference, 50))}, p95 {milliseconds(reference_p95)}"
    )
    print(
        f"  recherche (page : communs, décompte, facettes, retours) : p50 "
        f"{milliseconds(percentile(timings, 50))}, p95 {milliseconds(p95)}, "
        f"max {milliseconds(max(timings))}"
    )
    print(
        f"  p95 : {ratio(p95, reference_p95)} la référence ; "
        f"{verdict(p95, SEARCH_P95_TARGET, '≤ 30 ms')}"
    )
    by_category = defaultdict(list)
    for (category, _arguments), elapsed in zip(queries * TIMED_PASSES, timings, strict=True):
        by_category[category].append(elapsed)
    print("  par catégorie :")
    for category, values in by_category.items():
        print(
            f"    {category:<34} p50 {milliseconds(percentile(values, 50)):>8}  "
            f"p95 {milliseconds(percentile(values, 95)):>8}"
        )
    slowest = sorted(
        zip(timings, queries * TIMED_PASSES, results * TIMED_PASSES, strict=True),
        key=lambda item: -item[0],
    )[:5]
    print(
        "  les plus lentes : "
        + ", ".join(
            f"« {arguments[0]} » {arguments[1] or ''} {milliseconds(elapsed)} "
            f"({number(result[0])} communs)"
            for elapsed, (_category, arguments), result in slowest
        )
    )


if __name__ == "__main__":
    measure()
