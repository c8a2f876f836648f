"""Benchmark: the agenda at the issue's size, and its capacity under concurrent registrations.

In a database of its own: 13 régions, 100 départements and 2,000 communes (synthetic), 5,000
people, 20,000 published events spread over two years around today (half to come), one
session each, and 200,000 registrations (10 per event). Measured in-process through the
whole Django stack (the test client: middleware, view, template):

- the agenda page (the first page of upcoming events, 20 of them with their seats), and the
  same filtered by région: p95 over 40 requests each, target ≤ 100 ms;
- the iCalendar feed of 1,000 upcoming events: p95 over 20 requests, target ≤ 100 ms;
- on PostgreSQL only: 200 people register at once (32 connections in flight, each request
  its own transaction) to an event of 100 seats: exactly 100 confirmed and 100 on the
  waiting list, and no error.

Reference, same run: the bare query of the same rows (the 20 events of the page, the 1,000
events of the feed, by primary key and with their sessions), timed the same way; the ratio is
printed. ``BENCH_EVENTS_SCALE`` (default 1) shrinks the sizes for a smoke test.
"""

import os
import random
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

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
SCALE = float(os.environ.get("BENCH_EVENTS_SCALE", "1"))
EVENTS = max(int(20_000 * SCALE), 50)
REGISTRATIONS_PER_EVENT = 10
PEOPLE = max(int(5_000 * SCALE), 20)
COMMUNES = max(int(2_000 * SCALE), 20)
PAGE_REQUESTS, FEED_REQUESTS = 40, 20
TARGET = 0.100
SEATS, CANDIDATES, IN_FLIGHT = 100, 200, 32


def run() -> bool:
    return run_on_each_engine("bench.events", "Agenda : pages, flux et inscriptions")


def measure() -> None:
    # Jobs run in the request (no queue file of the project touched), e-mails kept in memory.
    os.environ.update(
        LOG_LEVEL="WARNING",  # no line per request in the figures
        HUEY_IMMEDIATE="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ALLOWED_HOSTS="testserver",
    )
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse

    from territoires.events.models import Event

    # Static files addressed as in development: no collectstatic manifest to build first.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()

    started = time.perf_counter()
    event_ids, regions = _populate()
    print(
        f"  préparation : {number(EVENTS)} événements, "
        f"{number(EVENTS * REGISTRATIONS_PER_EVENT)} inscriptions, {number(PEOPLE)} personnes "
        f"en {seconds(time.perf_counter() - started)}",
        flush=True,
    )
    client = Client()
    agenda = reverse("events:agenda")
    feed = reverse("events:feed_ics")

    def get(url, query=None):
        response = client.get(url, query or {}, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        return response

    get(agenda)  # warm the caches, as on a live server
    rng = random.Random(SEED)
    page_times = _timed(lambda: get(agenda), PAGE_REQUESTS)
    region_times = _timed(lambda: get(agenda, {"region": rng.choice(regions)}), PAGE_REQUESTS)
    feed_times = _timed(lambda: get(feed), FEED_REQUESTS)
    entries = get(feed).content.count(b"BEGIN:VEVENT")

    page_reference = _timed(lambda: _bare_page(), PAGE_REQUESTS)
    feed_reference = _timed(lambda: _bare_feed(), FEED_REQUESTS)

    _line("référence : requête nue des 20 événements", page_reference)
    _line("page de l’agenda", page_times, page_reference, target=True)
    _line("page de l’agenda filtrée par région", region_times, page_reference, target=True)
    _line("référence : requête nue de 1 000 événements", feed_reference)
    _line(f"flux iCalendar ({number(entries)} événements)", feed_times, feed_reference, target=True)
    expected = min(1000, Event.objects.published().upcoming().count())
    if entries != expected:
        sys.exit(f"Le flux donne {entries} événements au lieu de {expected}.")

    if connection.vendor == "postgresql":
        _concurrent_registrations(event_ids[-1])
    else:
        print("  inscriptions simultanées : mesurées sur PostgreSQL seulement (verrou de ligne)")


def _timed(action, count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return timings


def _line(label, timings, reference=None, *, target=False) -> None:
    p95 = percentile(timings, 95)
    text = f"  {label + ', p95':<52}{milliseconds(p95):>9}"
    if reference:
        text += f"  {ratio(p95, percentile(reference, 95)):>8} la référence"
    if target:
        text += f"  {verdict(p95, TARGET, 'p95 ≤ 100 ms')}"
    print(text + f"  (médiane {milliseconds(statistics.median(timings))})", flush=True)


def _bare_page():
    from django.utils import timezone

    from territoires.events.models import Event

    return list(
        Event.objects.filter(status="programme", ends_at__gte=timezone.now())
        .order_by("starts_at", "pk")
        .values_list("pk", "title", "starts_at", "commune__name")[:20]
    )


def _bare_feed():
    from django.utils import timezone

    from territoires.events.models import Event, EventSession

    ids = list(
        Event.objects.filter(status="programme", ends_at__gte=timezone.now())
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)[:1000]
    )
    return list(
        EventSession.objects.filter(event_id__in=ids).values_list(
            "event_id", "event__title", "starts_at", "ends_at"
        )
    )


def _populate() -> tuple[list[int], list[str]]:
    """The territories, people, events and registrations, in bulk."""
    from django.db import connection
    from django.utils import timezone

    from territoires.accounts.models import Organisation, User
    from territoires.core.db import bulk_insert
    from territoires.events.models import Event, EventSession, Registration
    from territoires.geo.models import Territory

    rng = random.Random(SEED)

    def territory(kind, code, name, **links):
        return Territory(
            kind=kind,
            code=code,
            name=name,
            search_name=f" {name.lower()}",
            search_compact=name.lower(),
            search_codes=f" {code} ",
            zone="metro",
            stratum=kind,
            **links,
        )

    regions = Territory.objects.bulk_create(
        territory("region", f"{10 + number}", f"Région {number}") for number in range(13)
    )
    departements = Territory.objects.bulk_create(
        territory(
            "departement", f"{number:02d}", f"Département {number}", region=regions[number % 13]
        )
        for number in range(1, 101)
    )
    communes = Territory.objects.bulk_create(
        territory(
            "commune",
            f"{number:05d}",
            f"Commune {number}",
            departement=departements[number % 100],
            region=departements[number % 100].region,
        )
        for number in range(COMMUNES)
    )
    organisation = Organisation.objects.create(name="Réseau", kind="autre", siren="000000999")
    users = User.objects.bulk_create(
        User(email=f"personne-{number}@bench.invalid") for number in range(PEOPLE + CANDIDATES)
    )
    people = users[:PEOPLE]
    now = timezone.now()
    events = Event.objects.bulk_create(
        (
            Event(
                title=f"Événement {number}",
                kind=rng.choice(["formation", "atelier", "webinaire", "colloque"]),
                organisation=organisation,
                summary="Un événement du banc d’essai.",
                commune=communes[number % len(communes)],
                venue="Salle",
                capacity=50,
                status="programme",
                starts_at=(start := now + timedelta(hours=rng.randint(-365 * 24, 365 * 24))),
                ends_at=start + timedelta(hours=3),
            )
            for number in range(EVENTS)
        ),
        batch_size=2000,
    )
    moment = connection.ops.adapt_datetimefield_value
    bulk_insert(
        EventSession,
        ["event_id", "starts_at", "ends_at"],
        ((event.pk, moment(event.starts_at), moment(event.ends_at)) for event in events),
    )
    created = moment(now)
    bulk_insert(
        Registration,
        ["event_id", "user_id", "status", "created_at"],
        (
            (event.pk, people[(index * 7 + rank) % PEOPLE].pk, "confirmee", created)
            for index, event in enumerate(events)
            for rank in range(REGISTRATIONS_PER_EVENT)
        ),
    )
    # The event of the concurrent registrations: far ahead, 100 seats, nobody registered.
    target = Event.objects.create(
        title="Forum des Interconnectés",
        kind="forum",
        organisation=organisation,
        summary="Le Forum.",
        online_url="https://visio.bench.invalid",
        capacity=SEATS,
        status="programme",
        starts_at=now + timedelta(days=800),
        ends_at=now + timedelta(days=800, hours=8),
    )
    EventSession.objects.create(event=target, starts_at=target.starts_at, ends_at=target.ends_at)
    return [event.pk for event in events] + [target.pk], [region.code for region in regions]


def _concurrent_registrations(event_id: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from territoires.accounts.models import User
    from territoires.events.models import Registration

    candidates = list(User.objects.order_by("-pk")[:CANDIDATES])
    url = reverse("events:register", args=[event_id])
    statuses, errors, lock = [], [], threading.Lock()
    start = threading.Barrier(IN_FLIGHT)

    def register(person, first_wave):
        client = Client()
        client.force_login(person)
        if first_wave:
            start.wait(timeout=60)
        try:
            response = client.post(url, secure=True)
            with lock:
                statuses.append(response.status_code)
        except Exception as error:  # every failure counts, whatever it is
            with lock:
                errors.append(repr(error))
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
        for rank, person in enumerate(candidates):
            pool.submit(register, person, rank < IN_FLIGHT)
    elapsed = time.perf_counter() - started
    registrations = Registration.objects.filter(event_id=event_id)
    confirmed = registrations.filter(status="confirmee").count()
    waiting = registrations.filter(status="attente").count()
    good = (
        confirmed == SEATS
        and waiting == CANDIDATES - SEATS
        and not errors
        and statuses == [302] * CANDIDATES
    )
    print(
        f"  {CANDIDATES} inscriptions simultanées ({IN_FLIGHT} en vol) pour {SEATS} places : "
        f"{confirmed} confirmées, {waiting} en liste d’attente, {len(errors)} erreur(s), "
        f"en {seconds(elapsed)} — {'conforme' if good else 'NON CONFORME'}",
        flush=True,
    )
    if not good:
        sys.exit(f"Inscriptions simultanées non conformes : {errors[:3]} {set(statuses)}")


if __name__ == "__main__":
    measure()
