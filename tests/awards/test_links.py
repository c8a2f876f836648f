"""The labels with the agenda and the communs: the calendar's events, the IntercoTOUR stage
of a regional jury, the communs an application uses, the laureate's experience report."""

import pytest
from django.urls import reverse

from territoires.awards import services
from territoires.awards.enums import ApplicationStatus, AwardKind, EditionStatus
from territoires.commons.enums import ReportStatus
from territoires.commons.models import ExperienceReport
from territoires.core.errors import BusinessError
from territoires.events.enums import EventKind
from tests.awards.factories import ApplicationFactory, EditionFactory, JuryFactory
from tests.commons.factories import CommunFactory
from tests.events.factories import EventFactory
from tests.geo.factories import RegionFactory, TerritoryFactory
from tests.observatory.conftest import visible_text


def test_the_calendar_and_the_regional_stages_link_to_the_agenda(client, people):
    edition = EditionFactory(open=True)
    forum = EventFactory(kind=EventKind.FORUM, title="Forum des Interconnectés 2026")
    workshop = EventFactory(title="Atelier")
    client.force_login(people["staff"])
    url = reverse("awards:calendar_events", args=[2026])
    # The final is the Forum: a workshop is not offered, and the service refuses it too.
    response = client.post(url, {"final_at": workshop.pk}, follow=True)
    assert "Choisissez des événements de la liste." in visible_text(response)
    with pytest.raises(BusinessError, match="« Forum des Interconnectés »"):
        services.edition_events_set(actor=None, edition=edition, events={"final_at": workshop})
    client.post(url, {"final_at": forum.pk, "call_opens_at": workshop.pk})
    region = RegionFactory()
    jury = JuryFactory(edition=edition, region=region)
    stage = EventFactory(kind=EventKind.INTERCOTOUR, title="IntercoTOUR à Dijon")
    stage.regions.add(region)
    elsewhere = EventFactory(kind=EventKind.INTERCOTOUR, title="IntercoTOUR ailleurs")
    elsewhere.regions.add(TerritoryFactory(kind="region", code="84", name="Auvergne"))
    with pytest.raises(BusinessError, match="ne se tient pas en Bourgogne-Franche-Comté"):
        services.jury_event_set(actor=None, jury=jury, event=elsewhere)
    client.post(
        reverse("awards:jury", args=[2026, jury.pk]), {"action": "event", "event": stage.pk}
    )
    page = client.get(reverse("awards:edition", args=[2026])).content.decode()
    assert f'<a href="{forum.get_absolute_url()}">Finale au Forum des Interconnectés</a>' in page
    assert f'<a href="{workshop.get_absolute_url()}">Ouverture de l’appel' in page
    assert f'<a href="{stage.get_absolute_url()}">IntercoTOUR à Dijon</a>' in page
    assert "Clôture de l’appel à candidatures</a>" not in page


def test_an_application_names_the_communs_it_uses(client, people, draft, during_call):
    used = CommunFactory(name="Démarches simplifiées locales")
    proposed = CommunFactory(name="Proposé", proposed=True)
    with pytest.raises(BusinessError, match="Seuls les communs publiés"):
        services.application_update(actor=people["member"], application=draft, communs=[proposed])
    services.application_update(actor=people["member"], application=draft, communs=[used])
    client.force_login(people["member"])
    page = client.get(reverse("awards:application", args=[draft.pk])).content.decode()
    assert f'<a href="{used.get_absolute_url()}">Démarches simplifiées locales</a>' in page
    assert "Proposé" not in page


@pytest.fixture
def laureate(people):
    edition = EditionFactory(year=2025, status=EditionStatus.PUBLISHED)
    application = ApplicationFactory(
        edition=edition, organisation=people["collectivite"], title="Guichet unique",
        status=ApplicationStatus.LAUREATE, award_kind=AwardKind.LABEL, budget_band="plus_1m",
    )  # fmt: skip
    application.communs.add(CommunFactory())
    return application


def test_one_click_turns_a_laureate_into_a_draft_experience_report(client, people, laureate):
    client.force_login(people["member"])
    url = reverse("awards:report_start", args=[laureate.pk])
    response = client.post(url)
    report = ExperienceReport.objects.get()
    assert response["Location"] == reverse("commons:report_edit", args=[report.slug])
    assert (report.title, report.status, report.budget_band) == (
        "Guichet unique", ReportStatus.DRAFT, "plus_200k",
    )  # fmt: skip
    assert report.results == laureate.results and report.problem == laureate.summary
    assert list(report.authors.all()) == [people["collectivite"]]
    assert list(report.communs.all()) == list(laureate.communs.all())
    # A second click opens the same draft.
    assert client.post(url)["Location"] == response["Location"]
    assert ExperienceReport.objects.count() == 1


@pytest.mark.parametrize("who", ["other", "outsider", "citizen"])
def test_only_its_collectivite_turns_a_laureate_into_a_report(client, people, laureate, who):
    client.force_login(people[who])
    assert client.post(reverse("awards:report_start", args=[laureate.pk])).status_code == 403
    assert not ExperienceReport.objects.exists()


def test_a_project_not_awarded_does_not_become_a_report(client, people, laureate):
    laureate.status = ApplicationStatus.FINALIST
    laureate.save()
    client.force_login(people["referent"])
    response = client.post(reverse("awards:report_start", args=[laureate.pk]), follow=True)
    assert "Seul un projet distingué au palmarès publié" in visible_text(response)
    assert not ExperienceReport.objects.exists()


def test_co_applicants_are_given_by_their_siren(client, people, draft, during_call):
    other = people["other_collectivite"]
    client.force_login(people["member"])
    url = reverse("awards:application_edit", args=[draft.pk])
    fields = {
        name: getattr(draft, name)
        for name in ("title", "summary", "description", "context", "results", "budget_band")
    } | {"category": draft.category_id}
    response = client.post(url, fields | {"co_applicants": "123456789"})
    assert "Aucune collectivité inscrite sur la plateforme n’a le SIREN 123456789." in (
        visible_text(response)
    )
    client.post(url, fields | {"co_applicants": f" {other.siren[:3]} {other.siren[3:]} "})
    assert list(draft.co_applicants.all()) == [other]
    page = visible_text(client.get(reverse("awards:application", args=[draft.pk])))
    assert f"Collectivité candidate : {draft.organisation.name}, {other.name}." in page
    # The other collectivité's référent now reads it; the lead's référent alone submits it.
    client.force_login(people["other"])
    assert client.get(reverse("awards:application", args=[draft.pk])).status_code == 200
