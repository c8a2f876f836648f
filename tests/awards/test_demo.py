"""The demo editions of ``make run``: marked, complete, and written once."""

import io

from django.core.management import call_command
from django.urls import reverse

from territoires.awards.enums import ApplicationStatus, EditionStatus, SheetStatus
from territoires.awards.models import Application, Assignment, Edition
from territoires.events.enums import EventKind
from tests.awards.factories import EditionFactory
from tests.commons.factories import CommunFactory
from tests.events.factories import EventFactory
from tests.observatory.conftest import visible_text


def run(year=2026) -> str:
    output = io.StringIO()
    call_command("generate_demo_labels", year=year, stdout=output)
    return output.getvalue()


def test_the_demo_has_a_palmares_and_an_open_call_and_is_idempotent(client, imported):
    output = run()
    past, current = Edition.objects.get(year=2025), Edition.objects.get(year=2026)
    assert past.is_demo and current.is_demo
    assert (past.status, current.status) == (EditionStatus.PUBLISHED, EditionStatus.OPEN)
    assert current.call_open()
    assert "Labels Territoires Innovants 2025 (données de démonstration)" in output
    laureates = past.applications.laureates()
    assert laureates.exists()
    # Every application of the past edition was scored by three jurors without conflict.
    for application in past.applications.all():
        assert application.assignments.filter(status=SheetStatus.SUBMITTED).count() >= 3
    assert not Application.objects.filter(edition=current, status=ApplicationStatus.LAUREATE)
    sheets = Assignment.objects.count()
    assert "rien à faire" in run()
    assert Assignment.objects.count() == sheets
    palmares = visible_text(client.get(reverse("awards:palmares", args=[2025])))
    assert "Données de démonstration" in palmares
    assert laureates.first().title in palmares


def test_the_demo_never_touches_a_real_edition(imported):
    real = EditionFactory(year=2025, with_grid=True)
    run()
    real.refresh_from_db()
    assert not real.is_demo and real.applications.count() == 0
    assert Edition.objects.get(year=2026).is_demo


def test_the_demo_uses_the_agenda_and_the_communs_when_they_are_there(client, imported):
    forum = EventFactory(kind=EventKind.FORUM, title="Forum des Interconnectés")
    commun = CommunFactory()
    run()
    current = Edition.objects.get(year=2026)
    calendar = {label: event for label, _, event in current.calendar}
    assert calendar["Finale au Forum des Interconnectés"] == forum
    assert current.applications.filter(communs=commun).exists()
