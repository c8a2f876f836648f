"""Debates and the communs: communs as context documents, a kit reused as a draft debate, a
finished debate proposed back as a kit or started as an experience report."""

import pytest
from django.urls import reverse

from territoires.commons.enums import CommunKind, CommunStatus, ReportStatus
from territoires.commons.models import Commun, ExperienceReport
from territoires.core.errors import BusinessError
from territoires.debates import services
from territoires.debates.enums import DebateStatus
from territoires.debates.kits import questions_from
from territoires.debates.models import Debate, Document
from tests.commons.factories import CommunFactory
from tests.debates.factories import DebateFactory

pytestmark = pytest.mark.django_db
KIT_TEXT = """Un kit pour débattre de la 5G.

## Questions
- Quelles sont vos attentes sur la couverture mobile ?
1. Faut-il mutualiser les antennes ?
Une ligne sans question.
- Quelles précautions souhaitez-vous ?
"""


@pytest.fixture
def kit(db):
    return CommunFactory(
        name="Kit 5G", kind=CommunKind.CONSULTATION_KIT, description=KIT_TEXT, summary="5G"
    )


def test_the_questions_of_a_kit_are_its_lines_ending_with_a_question_mark():
    assert questions_from(KIT_TEXT) == [
        "Quelles sont vos attentes sur la couverture mobile ?",
        "Faut-il mutualiser les antennes ?",
        "Quelles précautions souhaitez-vous ?",
    ]
    assert len(questions_from("\n".join(f"- Q{n} ?" for n in range(8)))) == 5


def test_a_referent_reuses_a_kit_from_its_page(client, people, kit):
    client.force_login(people["referent"])
    page = client.get(kit.get_absolute_url()).content.decode()
    assert "Réutiliser ce kit" in page

    response = client.post(
        reverse("debates:kit_reuse", args=[kit.slug]), {"organisation": people["village"].pk}
    )

    debate = Debate.objects.get()
    assert response["Location"] == reverse("debates:edit", args=[debate.pk])
    assert (debate.status, debate.kit, debate.organisation) == (
        DebateStatus.DRAFT,
        kit,
        people["village"],
    )
    assert [q.text for q in debate.questions.all()] == questions_from(KIT_TEXT)
    assert Document.objects.get(debate=debate).commun == kit


@pytest.mark.parametrize("who", ["citizen", "member", "staff"])
def test_only_a_referent_reuses_a_kit(client, people, kit, who):
    client.force_login(people[who])

    assert "Réutiliser ce kit" not in client.get(kit.get_absolute_url()).content.decode()
    assert client.get(reverse("debates:kit_reuse", args=[kit.slug])).status_code == 403
    assert not Debate.objects.exists()


def test_a_commun_that_is_not_a_kit_is_not_reused(client, people):
    software = CommunFactory(kind=CommunKind.SOFTWARE)
    client.force_login(people["referent"])

    assert client.get(reverse("debates:kit_reuse", args=[software.slug])).status_code == 404


def test_a_published_commun_is_a_context_document(client, people, kit):
    debate = DebateFactory(organisation=people["village"])
    proposed = CommunFactory(proposed=True)
    client.force_login(people["referent"])

    client.post(reverse("debates:documents", args=[debate.pk]), {"commun-commun": kit.pk})
    with pytest.raises(BusinessError, match="Seule une fiche publiée"):
        services.document_commun_add(actor=people["referent"], debate=debate, commun=proposed)

    [document] = debate.documents.all()
    assert document.commun == kit and document.get_absolute_url() == kit.get_absolute_url()


def test_a_finished_debate_goes_back_to_the_communs_as_a_kit_and_a_report(client, people):
    debate = DebateFactory(organisation=people["village"], published=True, title="La 5G ici")
    client.force_login(people["referent"])

    kit_response = client.post(reverse("debates:share", args=[debate.pk, "kit"]))
    report_response = client.post(reverse("debates:share", args=[debate.pk, "retour-experience"]))
    again = client.post(reverse("debates:share", args=[debate.pk, "kit"]), follow=True)

    kit = Commun.objects.get(kind=CommunKind.CONSULTATION_KIT)
    report = ExperienceReport.objects.get()
    assert kit_response["Location"] == kit.get_absolute_url()
    assert report_response["Location"] == report.get_absolute_url()
    assert (kit.name, kit.status) == ("Kit de concertation : La 5G ici", CommunStatus.PROPOSED)
    # The kit says its questions as a reuse reads them.
    assert questions_from(kit.description) == [q.text for q in debate.questions.all()]
    assert report.status == ReportStatus.DRAFT and list(report.authors.all()) == [people["village"]]
    assert "Nous avons entendu vos attentes." in report.results
    assert "Ce débat est déjà proposé comme kit." in again.content.decode()
    assert Commun.objects.filter(kind=CommunKind.CONSULTATION_KIT).count() == 1


@pytest.mark.parametrize("status", ["open", "closed"])
def test_a_debate_is_shared_only_once_its_synthesis_is_published(people, status):
    debate = DebateFactory(organisation=people["village"], **{status: True})

    with pytest.raises(BusinessError, match="une fois sa synthèse publiée"):
        services.debate_share_as_kit(actor=people["referent"], debate=debate)

    assert not Commun.objects.exists()


def test_only_a_referent_shares_a_debate(client, people):
    debate = DebateFactory(organisation=people["village"], published=True)
    client.force_login(people["member"])

    assert client.post(reverse("debates:share", args=[debate.pk, "kit"])).status_code == 403
    assert not Commun.objects.exists()
