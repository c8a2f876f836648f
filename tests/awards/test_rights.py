"""The permission matrix of the labels: every page and action, for every kind of visitor."""

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from territoires.awards import services
from territoires.awards.enums import ApplicationStatus, EditionStatus, SheetStatus
from territoires.awards.models import Attachment, Edition, Score
from tests.awards.conftest import PDF
from tests.awards.factories import (
    ApplicationFactory,
    AssignmentFactory,
    EditionFactory,
    JurorFactory,
    JuryFactory,
    at,
)

WHO = ("anonymous", "member", "referent", "other", "juror", "unassigned", "conflicted", "staff")


@pytest.fixture
def world(people):
    """The collectivité's application under review by its regional jury: one juror assigned,
    one not, one who declared a conflict."""
    with time_machine.travel(at(7, 1), tick=False):
        edition = EditionFactory(review=True)
        jury = JuryFactory(edition=edition)
        application = ApplicationFactory(
            edition=edition, organisation=people["collectivite"], assigned=True
        )
        attachment = Attachment(application=application, name="a.pdf", kind="pdf", size=len(PDF))
        attachment.file.save("a", ContentFile(PDF))
        sheet = AssignmentFactory(application=application, juror__jury=jury)
        conflicted = AssignmentFactory(application=application, juror__jury=jury)
        services.conflict_declare(
            actor=conflicted.juror.user,
            juror=conflicted.juror,
            application=application,
            reason="Ancien agent de la commune",
        )
        # Named after the reassignment that followed the declaration: given nothing.
        unassigned = JurorFactory(jury=jury)
    conflicted.refresh_from_db()
    assert conflicted.status == SheetStatus.CANCELLED
    people.update(
        juror=sheet.juror.user, unassigned=unassigned.user, conflicted=conflicted.juror.user
    )
    return {
        "people": people,
        "application": application,
        "sheet": sheet,
        "jury": jury,
        "conflicted_sheet": conflicted,
        "attachment": attachment,
        "edition": edition,
    }


def get(client, world, who, url):
    if who != "anonymous":
        client.force_login(world["people"][who])
    with time_machine.travel(at(7, 2), tick=False):
        return client.get(url)


ALLOWED = {
    "application": {"member", "referent", "juror", "staff"},
    "attachment": {"member", "referent", "juror", "staff"},
    "sheet": {"juror"},
    "manage": {"staff"},
    "jury": {"staff"},
    "finalists": {"staff"},
}


def urls(world) -> dict[str, str]:
    return {
        "application": reverse("awards:application", args=[world["application"].pk]),
        "attachment": reverse("awards:attachment", args=[world["attachment"].pk]),
        "sheet": reverse("awards:sheet", args=[world["sheet"].pk]),
        "manage": reverse("awards:manage", args=[2026]),
        "jury": reverse("awards:jury", args=[2026, world["jury"].pk]),
        "finalists": reverse("awards:finalists", args=[2026]),
    }


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_private_pages(client, world, who, page):
    response = get(client, world, who, urls(world)[page])
    if who == "anonymous":
        assert response.status_code == 302 and "/connexion" in response["Location"]
    elif who in ALLOWED[page]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_the_conflicted_jurors_sheet_is_closed_to_them(client, world):
    url = reverse("awards:sheet", args=[world["conflicted_sheet"].pk])
    assert get(client, world, "conflicted", url).status_code == 403


@pytest.mark.parametrize("who", ["unassigned", "conflicted", "member", "staff", "other"])
def test_nobody_but_its_juror_scores_a_sheet(client, world, who):
    sheet = world["sheet"]
    innovation = world["edition"].criteria.first()
    client.force_login(world["people"][who])
    with time_machine.travel(at(7, 2), tick=False):
        response = client.post(
            reverse("awards:sheet", args=[sheet.pk]), {f"mark_{innovation.pk}": "5"}
        )
    assert response.status_code == 403
    assert not Score.objects.exists()


@pytest.mark.parametrize("who", ["member", "referent", "other", "juror", "anonymous"])
def test_only_staff_moves_the_edition(client, world, who):
    response = get(client, world, who, reverse("awards:manage", args=[2026]))
    if who != "anonymous":
        client.force_login(world["people"][who])
    response = client.post(reverse("awards:edition_move", args=[2026, "publier"]), {})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/connexion" in response["Location"]
    assert Edition.objects.get().status == EditionStatus.REVIEW


@pytest.mark.parametrize("who", ["member", "other", "juror", "staff"])
def test_only_the_referent_withdraws(client, world, who):
    client.force_login(world["people"][who])
    with time_machine.travel(at(7, 2), tick=False):
        response = client.post(
            reverse("awards:application_withdraw", args=[world["application"].pk]), follow=True
        )
    assert response.status_code in (200, 403)
    world["application"].refresh_from_db()
    assert world["application"].status == ApplicationStatus.ASSIGNED


def test_the_referent_withdraws(client, world):
    client.force_login(world["people"]["referent"])
    with time_machine.travel(at(7, 2), tick=False):
        client.post(reverse("awards:application_withdraw", args=[world["application"].pk]))
    world["application"].refresh_from_db()
    assert world["application"].status == ApplicationStatus.WITHDRAWN


@pytest.mark.parametrize("who", WHO)
def test_public_pages_are_public_and_the_palmares_waits(client, world, who):
    for name in ("landing", "edition", "rules"):
        args = [] if name == "landing" else [2026]
        assert get(client, world, who, reverse(f"awards:{name}", args=args)).status_code == 200
    assert get(client, world, who, reverse("awards:palmares", args=[2026])).status_code == 404
    badge = reverse("awards:badge", args=[world["application"].pk])
    assert get(client, world, who, badge).status_code == 404


@pytest.mark.parametrize("who", ["member", "referent", "other", "outsider", "staff"])
def test_applicants_draft_others_do_not(client, people, draft, during_call, who):
    client.force_login(people[who])
    url = reverse("awards:application_edit", args=[draft.pk])
    allowed = who in ("member", "referent")
    assert client.get(url).status_code == (200 if allowed else 403)
    fields = ("summary", "description", "context", "results", "budget_band")
    client.post(
        url,
        {"title": "Renommé", "category": draft.category_id}
        | {name: getattr(draft, name) for name in fields},
    )
    draft.refresh_from_db()
    assert (draft.title == "Renommé") is allowed
    submit = client.post(reverse("awards:application_submit", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert (draft.status == ApplicationStatus.SUBMITTED) is (who == "referent")
    if who == "member":
        assert "Seuls les référents" in submit.content.decode()


def test_an_unpublished_draft_edition_is_hidden(client, people):
    EditionFactory(year=2030)
    assert client.get(reverse("awards:edition", args=[2030])).status_code == 404
    client.force_login(people["staff"])
    assert client.get(reverse("awards:manage", args=[2030])).status_code == 200


def test_a_jurors_sheet_stays_private(client, world):
    """Another juror's marks show to a juror only once their own sheet is sent, unnamed; the
    applicants never see a mark."""
    sheet, application = world["sheet"], world["application"]
    innovation = world["edition"].criteria.first()
    with time_machine.travel(at(7, 2), tick=False):
        other = AssignmentFactory(application=application, juror__jury=world["jury"])
        services.sheet_score(
            actor=other.juror.user,
            assignment=other,
            marks={innovation.pk: services.MarkInput(2, "Commentaire très personnel")},
        )
    before = get(client, world, "juror", reverse("awards:sheet", args=[sheet.pk])).content.decode()
    assert "Commentaire très personnel" not in before
    assert "s’affichent une fois votre notation envoyée" in before
    with time_machine.travel(at(7, 2), tick=False):
        services.sheet_score(
            actor=world["people"]["juror"],
            assignment=sheet,
            marks={innovation.pk: services.MarkInput(4)},
        )
    after = get(client, world, "juror", reverse("awards:sheet", args=[sheet.pk])).content.decode()
    assert "Commentaire très personnel" in after and "Autre juré n° 1" in after
    assert str(other.juror.user) not in after
    for who in ("member", "referent"):
        page = get(client, world, who, reverse("awards:application", args=[application.pk]))
        assert "Commentaire très personnel" not in page.content.decode()
