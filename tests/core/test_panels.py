"""The registry of panels: what a higher module shows on a lower module's page."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Engine
from django.test import RequestFactory

from territoires.core import panels
from territoires.core.panels import PanelRegistry

SLOT_NAMES = list(panels.SLOTS)
SLOTS = {"test.page": "A page of the tests. Arguments: territory."}


def _registry_with_panels() -> PanelRegistry:
    registry = PanelRegistry(SLOTS)
    registry.register(
        "test.page",
        name="second",
        template="second.html",
        context=lambda request, *, territory: {"name": territory.upper()},
        order=20,
    )
    registry.register(
        "test.page",
        name="hidden",
        template="hidden.html",
        context=lambda request, *, territory: None,
        order=10,
    )
    registry.register(
        "test.page",
        name="first",
        template="first.html",
        context=lambda request, *, territory: {"name": territory, "path": request.path},
        order=10,
    )
    return registry


def test_panels_are_given_in_order_then_in_registration_order():
    registry = _registry_with_panels()

    assert [panel.name for panel in registry.panels("test.page")] == ["hidden", "first", "second"]


def test_a_panel_with_nothing_to_show_is_left_out():
    request = RequestFactory().get("/territoire/")

    contexts = list(_registry_with_panels().contexts("test.page", request, territory="nevers"))

    assert [(panel.name, context) for panel, context in contexts] == [
        ("first", {"name": "nevers", "path": "/territoire/"}),
        ("second", {"name": "NEVERS"}),
    ]


def test_a_slot_must_be_declared():
    registry = PanelRegistry(SLOTS)

    with pytest.raises(ImproperlyConfigured, match=r"Unknown panel slot 'test\.pages'"):
        registry.register("test.pages", name="x", template="x.html", context=lambda request: {})
    with pytest.raises(ImproperlyConfigured, match=r"Unknown panel slot 'test\.pages'"):
        list(registry.contexts("test.pages", None))


def test_a_panel_is_registered_once_per_slot():
    registry = _registry_with_panels()

    with pytest.raises(ImproperlyConfigured, match="'first' is already registered"):
        registry.register("test.page", name="first", template="x.html", context=lambda r: {})


def test_the_template_tag_renders_the_panels_of_a_slot(monkeypatch):
    monkeypatch.setattr(panels, "registry", _registry_with_panels())
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "first.html": "<p>1 {{ name }} {{ path }} {{ secret|default:'-' }}</p>",
                    "second.html": "<p>2 {{ name }} {{ csrf_token }}</p>",
                    "hidden.html": "<p>never</p>",
                },
            )
        ],
        libraries={"panels": "territoires.core.templatetags.panels"},
    )
    page = engine.from_string('{% load panels %}<main>{% panels "test.page" territory=t %}</main>')
    request = RequestFactory().get("/territoire/")

    html = page.render(Context({"request": request, "t": "<b>", "secret": "s", "csrf_token": "k"}))

    # In order, escaped by each panel's template, each seeing only its own context.
    assert html == "<main><p>1 &lt;b&gt; /territoire/ -</p><p>2 &lt;B&gt; k</p></main>"


def test_the_modules_register_their_panels_at_start_up():
    registered = {
        slot: [panel.name for panel in panels.registry.panels(slot)] for slot in SLOT_NAMES
    }

    assert registered == {
        "core.menu": [
            "geo.menu",
            "observatory.menu",
            "exchange.menu",
            "commons.menu",
            "events.menu",
            "awards.menu",
            "debates.menu",
        ],
        "core.pillar": [
            "observatory.pillar",
            "exchange.pillar",
            "commons.pillar",
            "events.pillar",
            "awards.pillar",
        ],
        "core.home": ["geo.referentiel", "debates.home"],
        "geo.territory": [
            "observatory.dashboard",
            "commons.territory",
            "awards.labels",
            "observatory.publishing_members",
            "events.territory",
            "debates.territory",
        ],
        "accounts.account": ["events.registrations", "debates.account"],
        "observatory.gaps": ["exchange.gaps", "commons.gaps", "events.gaps"],
        "observatory.dashboard": ["commons.territory", "awards.labels"],
        "commons.commun": ["debates.kit"],
    }
