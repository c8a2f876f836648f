"""The site as a visitor walks it: the demo data of ``make run`` (last year's published demo
campaign, this year's campaign open, the demo debates), and a breadth-first walk of its
links."""

import io
import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

from django.core.management import call_command

from territoires.geo.models import Territory
from territoires.observatory.models import Campaign
from territoires.observatory.services import assessment_start
from tests.accounts.factories import OrganisationFactory, UserFactory

HREF = re.compile(r'href="([^"]+)"')
# Not pages: files of the frame, and the raw OpenAPI document (its endpoints are walked).
SKIPPED_PREFIXES = ("/static/", "/media/")


def demo_site() -> dict:
    """What ``make run`` serves, on the small référentiel (which must be imported): the
    published demo campaign of 2025 for every collectivité, the open campaign of 2026 started
    by Nevers, whose référent is an agent; the demo events of the agenda; the catalogue of communs
    with its demo usages and reports; the demo debates; the bourse's demo
    offers, needs and agreements; the labels of 2025 (palmarès) and 2026 (call open); a member
    of the network's staff."""
    call_command("generate_demo_campaign", "--count", "all", "--year", "2025", stdout=io.StringIO())
    call_command("create_campaign", "2026", "--open", stdout=io.StringIO())
    nevers = Territory.objects.get(kind="commune", code="58194")
    agent = UserFactory(email="agent@nevers.fr", first_name="Alice", last_name="Agent")
    OrganisationFactory(name="Ville de Nevers", territory=nevers, referents=[agent])
    call_command("create_demo_events", stdout=io.StringIO())
    call_command("load_communs", "--demo", stdout=io.StringIO())
    call_command("create_demo_debates", stdout=io.StringIO())
    call_command("generate_demo_exchange", stdout=io.StringIO())
    call_command("generate_demo_labels", "--year", "2026", stdout=io.StringIO())
    assessment_start(
        actor=agent,
        campaign=Campaign.objects.get(year=2026),
        territory=nevers,
        questionnaire="complet",
    )
    staff = UserFactory(
        email="equipe@reseau.fr", first_name="Paul", last_name="Garnier", staff=True
    )
    return {"agent": agent, "staff": staff}


@dataclass
class Walk:
    """Every internal address reached from the home page, with its depth in clicks and status."""

    depth: dict[str, int] = field(default_factory=dict)
    status: dict[str, int] = field(default_factory=dict)
    found_on: dict[str, str] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)  # the HTML pages, in the order reached


def internal_links(html: str, page: str) -> list[str]:
    links = []
    for href in HREF.findall(html):
        url, _fragment = urldefrag(unescape(href))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url:
            continue  # another site, mailto:, a fragment of this page
        if url.startswith("?"):
            # The links of a pagination or of a filter (« ?page=2 », « ?type=… »), one
            # parameter at a time: every filter's page is reached without walking the
            # product of all their values.
            if "&" in url:
                continue
            url = urljoin(page, url)
        if url.startswith(SKIPPED_PREFIXES):
            continue
        links.append(url)
    return links


def walk(client, start: str = "/", limit: int = 2000) -> Walk:
    """Breadth-first from ``start``, following every internal link of every HTML page."""
    result = Walk()
    result.depth[start] = 0
    queue = deque([start])
    while queue and len(result.status) < limit:
        url = queue.popleft()
        response = client.get(url)
        result.status[url] = response.status_code
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        result.pages.append(url)
        for link in internal_links(response.content.decode(), url):
            if link not in result.depth:
                result.depth[link] = result.depth[url] + 1
                result.found_on[link] = url
                queue.append(link)
    return result
