"""Every kind of page a visitor, an agent and staff reach from the home page, in a real browser:
no serious or critical axe violation, no console error. One page of each route (the walk of
tests/crawl.py finds them all; a route's pages share their template): every route a visitor
reaches, then those only an agent, then only staff, reach."""

from django.test import Client
from django.urls import resolve

from tests.browser.conftest import serious_violations, sign_in_browser
from tests.crawl import demo_site, walk


def one_page_per_route(client) -> dict[str, str]:
    """The first page of each route (view name) that the walk reaches, by route."""
    pages = {}
    result = walk(client)
    for url in result.pages:
        if result.status[url] == 200:
            pages.setdefault(resolve(url.split("?")[0]).view_name, url)
    return pages


def test_every_kind_of_page_passes_axe_for_every_visitor(site, browser):
    people = demo_site()
    failures, seen = {}, set()
    for who in ("anonymous", "agent", "staff"):
        client = Client()
        if who != "anonymous":
            client.force_login(people[who])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        page = context.new_page()
        if who != "anonymous":
            sign_in_browser(page, site, people[who])
        errors = []
        page.on(
            "console",
            lambda message, errors=errors: message.type == "error" and errors.append(message.text),
        )
        routes = one_page_per_route(client)
        for route, url in sorted(routes.items()):
            if route in seen:
                continue
            seen.add(route)
            page.goto(site + url)
            violations = serious_violations(page)
            if violations or errors:
                failures[f"{who} {url}"] = violations + errors
            errors.clear()
        context.close()

    assert failures == {}, "\n".join(f"{where}: {found}" for where, found in failures.items())
