"""Benchmark: a large debate's page and its writes, on PostgreSQL.

A debate of a commune holds ``DEBATE_BENCH_CONTRIBUTIONS`` contributions (20,000 by default;
set the variable to shrink it for a smoke run) answering its two questions, from a
participant in four, and five times as many supports (100,000). Measured, each the p95 of
``WRITES`` samples:

- the debate's page as a signed-in participant sees it (the first page of contributions with
  their replies, the counts, which contributions they support), built by its view and
  rendered: target p95 ≤ 100 ms;
- a contribution written (``contribution_create``), and a support written
  (``support_add``), each by a different participant: target p95 ≤ 50 ms.

Reference, same run: a bare SQL query of the same page (the first 20 contributions that open
a thread with their authors' names, and the count), timed the same way. Agreement: the page
shows the contributions the bare query returns, and the counts of the page are those of the
database.
"""

import os
import random
import re
import time

from bench.engines import (
    milliseconds,
    number,
    percentile,
    ratio,
    run_on_postgresql,
    seconds,
    setup_django,
    verdict,
)

CONTRIBUTIONS = int(os.environ.get("DEBATE_BENCH_CONTRIBUTIONS", "20000"))
SUPPORTS_PER_CONTRIBUTION = 5
WRITES = 200
SEED = 2026
TARGETS = {"page": 0.100, "write": 0.050}
BARE_PAGE = """
    SELECT c.id, c.text, p.display_name, c.support_count
    FROM debates_contribution c JOIN debates_participant p ON p.id = c.participant_id
    WHERE c.debate_id = %s AND c.parent_id IS NULL
    ORDER BY c.created_at DESC, c.id DESC LIMIT 20
"""
BARE_COUNT = "SELECT count(*) FROM debates_contribution WHERE debate_id = %s AND parent_id IS NULL"


def run() -> bool:
    return run_on_postgresql("bench.debates", "Débats locaux")


def build(contributions: int, writers: int):
    """The debate, its participants, contributions and supports; ``writers`` signed-in
    participants (real accounts) who will write during the measure."""
    import datetime

    from django.db import connection
    from django.utils import timezone

    from territoires.accounts.enums import OrganisationKind, Role
    from territoires.accounts.models import Membership, Organisation, User
    from territoires.core.db import is_postgresql
    from territoires.debates.enums import ContributionKind, DebateStatus
    from territoires.debates.models import Contribution, Debate, Participant, Question, Support
    from territoires.geo.models import Territory

    territory = Territory.objects.create(
        kind="commune", code="99999", name="Banc-d’Essai", siren="299999999", zone="metro"
    )
    organisation = Organisation.objects.create(
        name="Commune de Banc-d’Essai",
        kind=OrganisationKind.COLLECTIVITE,
        siren="299999999",
        territory=territory,
    )
    referent = User.objects.create_user("referent@banc.invalid")
    Membership.objects.create(user=referent, organisation=organisation, role=Role.REFERENT)
    today = timezone.localdate()
    debate = Debate.objects.create(
        organisation=organisation,
        territory=territory,
        title="La 5G à Banc-d’Essai",
        subject="5g",
        opens_on=today - datetime.timedelta(days=20),
        closes_on=today + datetime.timedelta(days=10),
        status=DebateStatus.OPEN,
    )
    questions = Question.objects.bulk_create(
        Question(debate=debate, position=n, text=f"Question {n} ?") for n in (1, 2)
    )
    participant_count = max(contributions // 4, SUPPORTS_PER_CONTRIBUTION + 1)
    participants = Participant.objects.bulk_create(
        (Participant(debate=debate, display_name=f"Pseudo {n}") for n in range(participant_count)),
        batch_size=5000,
    )
    start = timezone.now() - datetime.timedelta(days=20)
    step = datetime.timedelta(days=20) / max(contributions, 1)
    rows = Contribution.objects.bulk_create(
        (
            Contribution(
                debate=debate,
                participant=participants[n % participant_count],
                kind=ContributionKind.ANSWER,
                question=questions[n % 2],
                text=f"Contribution {n} : des antennes mutualisées, mesurées, concertées.",
                support_count=SUPPORTS_PER_CONTRIBUTION,
                created_at=start + n * step,
            )
            for n in range(contributions)
        ),
        batch_size=5000,
    )
    Support.objects.bulk_create(
        (
            Support(
                contribution=row,
                participant=participants[(n + 1 + k) % participant_count],
            )
            for n, row in enumerate(rows)
            for k in range(SUPPORTS_PER_CONTRIBUTION)
        ),
        batch_size=10000,
    )
    if is_postgresql():
        # Fresh statistics after the bulk load, as autovacuum gives a live database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    people = []
    for n in range(writers):
        user = User.objects.create_user(f"participant-{n}@banc.invalid")
        Participant.objects.create(debate=debate, user=user, display_name=f"Écrivain {n}")
        people.append(user)
    return debate, people, [row.pk for row in rows]


def scenario(contributions: int, writes: int) -> dict:
    """Build the debate, then time its page, the bare query, and the writes; returns the
    samples (seconds) and what the agreement check compares."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.db import connection
    from django.test import RequestFactory

    from territoires.debates import services, views
    from territoires.debates.models import Contribution

    debate, people, contribution_ids = build(contributions, writes + 1)
    factory = RequestFactory()
    reader = people[-1]

    def page():
        request = factory.get(debate.get_absolute_url())
        request.user = reader
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        return views.debate(request, debate.pk)

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(BARE_PAGE, [debate.pk])
            rows = cursor.fetchall()
            cursor.execute(BARE_COUNT, [debate.pk])
            return rows, cursor.fetchone()[0]

    html = page().content.decode()
    rows, count = bare()
    timings = {"page": [], "bare": []}
    for _ in range(writes):
        for name, action in (("page", page), ("bare", bare)):
            started = time.perf_counter()
            action()
            timings[name].append(time.perf_counter() - started)
    rng = random.Random(SEED)
    targets = rng.sample(contribution_ids, writes)
    timings["contribution"], timings["support"] = [], []
    for user, target in zip(people, targets, strict=False):
        started = time.perf_counter()
        services.contribution_create(actor=user, debate=debate, text="Une nouvelle idée.")
        timings["contribution"].append(time.perf_counter() - started)
        contribution = Contribution.objects.get(pk=target)
        started = time.perf_counter()
        services.support_add(actor=user, contribution=contribution)
        timings["support"].append(time.perf_counter() - started)
    shown = [text for _pk, text, _name, _supports in rows if text in html]
    digits = re.sub(r"(?<=\d)[\s\u00a0\u202f](?=\d)", "", html)
    return {
        "timings": timings,
        "agreement": len(shown) == len(rows) == min(20, contributions),
        "count_shown": f"{count} contribution" in digits,
    }


def measure() -> None:
    setup_django()
    from django.conf import settings
    from django.test.utils import override_settings

    # Static files are not what is measured: their plain URLs, without a collectstatic run.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    started = time.perf_counter()
    result = scenario(CONTRIBUTIONS, WRITES)
    timings = result["timings"]
    print(
        f"  {number(CONTRIBUTIONS)} contributions, "
        f"{number(CONTRIBUTIONS * SUPPORTS_PER_CONTRIBUTION)} soutiens ; "
        f"préparation et mesure en {seconds(time.perf_counter() - started)}"
    )
    page, bare = percentile(timings["page"], 95), percentile(timings["bare"], 95)
    print(
        f"  page du débat : p95 {milliseconds(page)} — {verdict(page, TARGETS['page'], '≤ 100 ms')}"
    )
    print(
        f"  requête nue de la même page : p95 {milliseconds(bare)} ; "
        f"page / requête nue : {ratio(page, bare)}"
    )
    for name, label in (("contribution", "contribution écrite"), ("support", "soutien écrit")):
        value = percentile(timings[name], 95)
        print(
            f"  {label} : p95 {milliseconds(value)} — {verdict(value, TARGETS['write'], '≤ 50 ms')}"
        )
    agreement = result["agreement"] and result["count_shown"]
    print(
        "  accord : la page montre les contributions et le total de la requête nue : "
        + ("oui" if agreement else "NON")
    )
    if not agreement:
        raise SystemExit(1)


if __name__ == "__main__":
    measure()
