"""The debates' pages as people hit them: what each one sees, the permission matrix of every
page and action, XSS payloads inert in the HTML served."""

import re

import pytest
from django.urls import reverse

from territoires.debates.enums import ContributionStatus, DebateStatus
from territoires.debates.models import Contribution, Debate, Participant, Support
from tests.debates.factories import (
    ContributionFactory,
    DebateFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>[lien](javascript:alert(1))'


@pytest.fixture
def debates(people):
    village = people["village"]
    return {
        "draft": DebateFactory(organisation=village, title="Brouillon secret"),
        "open": DebateFactory(organisation=village, open=True, title="Débat ouvert"),
        "closed": DebateFactory(organisation=village, closed=True, title="Débat clos"),
    }


def client_for(client, people, who):
    if who != "anonymous":
        client.force_login(people[who])
    return client


def test_the_national_list_shows_public_debates_and_never_a_draft(client, debates):
    response = client.get(reverse("debates:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Débat ouvert" in html and "Débat clos" in html
    assert "Brouillon secret" not in html
    assert "2 débats" in html
    # The map's table: the Nièvre holds both public debates.
    assert re.search(r"Nièvre \(58\)</a>\s*</th>\s*<td[^>]*>2</td>", html)


def test_the_filters_narrow_the_list(client, debates):
    response = client.get(reverse("debates:index"), {"status": "clos"})

    html = response.content.decode()
    assert "Débat clos" in html and "Débat ouvert" not in html
    assert "1 débat" in html


def test_a_bad_filter_is_ignored_not_an_error(client, debates):
    response = client.get(reverse("debates:index"), {"status": "brouillon", "region": "zz"})

    assert response.status_code == 200
    assert "Brouillon secret" not in response.content.decode()


# --- Permission matrix -------------------------------------------------------------------

ROLES = ["anonymous", "citizen", "outsider", "member", "referent", "staff"]


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        ("draft", {"anonymous": 404, "citizen": 404, "outsider": 404, "member": 200,
                   "referent": 200, "staff": 200}),
        ("open", dict.fromkeys(ROLES, 200)),
    ],
)  # fmt: skip
def test_a_draft_is_seen_only_by_the_collectivite_and_staff(
    client, people, debates, which, expected
):
    url = debates[which].get_absolute_url()
    statuses = {}
    for who in ROLES:
        client.logout()
        statuses[who] = client_for(client, people, who).get(url).status_code

    assert statuses == expected


MANAGE_PAGES = ["debates:edit", "debates:documents", "debates:synthesis"]


@pytest.mark.parametrize("name", MANAGE_PAGES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("citizen", 404), ("outsider", 404), ("member", 403), ("staff", 403),
     ("referent", 200)],
)  # fmt: skip
def test_only_a_referent_manages_a_draft(client, people, debates, name, who, expected):
    response = client_for(client, people, who).get(reverse(name, args=[debates["draft"].pk]))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("citizen", 403), ("outsider", 403), ("member", 200), ("staff", 200),
     ("referent", 200)],
)  # fmt: skip
def test_only_members_and_staff_moderate(client, people, debates, who, expected):
    response = client_for(client, people, who).get(
        reverse("debates:moderation", args=[debates["open"].pk])
    )

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("citizen", 404), ("member", 403), ("staff", 403), ("referent", 302)],
)
def test_only_a_referent_opens_the_debate(client, people, debates, who, expected):
    debate = debates["draft"]

    response = client_for(client, people, who).post(
        reverse("debates:move", args=[debate.pk, "ouvrir"]), {"comment": ""}
    )

    assert response.status_code == expected
    debate.refresh_from_db()
    assert debate.status == (DebateStatus.OPEN if who == "referent" else DebateStatus.DRAFT)


def test_the_create_page_is_for_referents(client, people):
    assert client.get(reverse("debates:create")).status_code == 302
    for who, expected in [("citizen", 403), ("member", 403), ("staff", 403), ("referent", 200)]:
        client.logout()
        assert client_for(client, people, who).get(reverse("debates:create")).status_code == (
            expected
        ), who


def test_a_referent_creates_a_debate_through_the_form(client, people):
    client.force_login(people["referent"])

    response = client.post(
        reverse("debates:create"),
        {
            "organisation": people["village"].pk,
            "title": "Numérique responsable",
            "subject": "numerique_responsable",
            "description": "",
            "opens_on": "2026-12-01",
            "closes_on": "2026-11-01",
            "question_1": "Que faire ?",
        },
    )

    assert response.status_code == 200
    assert "La date de clôture ne peut pas précéder la date d’ouverture." in (
        response.content.decode()
    )
    assert not Debate.objects.exists()


# --- Contributing ------------------------------------------------------------------------


def test_an_anonymous_visitor_is_asked_to_sign_in_and_told_residence_is_not_verified(
    client, debates
):
    html = client.get(debates["open"].get_absolute_url()).content.decode()

    assert "Se connecter pour contribuer" in html
    assert "La plateforme ne vérifie pas le lieu de résidence des participants" in html


def test_a_citizen_accepts_the_charter_contributes_and_supports(client, people, debates):
    debate = debates["open"]
    other = ContributionFactory(participant__debate=debate, text="Des antennes partagées.")
    client.force_login(people["citizen"])

    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Charte de participation" in page and "Accepter la charte" in page
    client.post(
        reverse("debates:charter", args=[debate.pk]),
        {"accept": "on", "display": "pseudonyme", "pseudonym": "Lucie des Amognes"},
    )
    response = client.post(
        reverse("debates:contribute", args=[debate.pk]),
        {"text": "Mutualiser les pylônes.", "question": debate.questions.first().pk},
    )
    client.post(reverse("debates:support", args=[other.pk]))

    assert response.status_code == 302
    html = client.get(debate.get_absolute_url()).content.decode()
    assert "Lucie des Amognes" in html and "Mutualiser les pylônes." in html
    assert "camille@exemple.fr" not in html and "Martin" not in html
    assert "Vous soutenez cette contribution" in html
    other.refresh_from_db()
    assert other.support_count == 1


def test_a_second_support_is_refused_with_a_message(client, people, debates):
    contribution = ContributionFactory(participant__debate=debates["open"])
    supporter = ParticipantFactory(debate=debates["open"], user=people["citizen"])
    Support.objects.create(contribution=contribution, participant=supporter)
    Contribution.objects.filter(pk=contribution.pk).update(support_count=1)
    client.force_login(people["citizen"])

    response = client.post(reverse("debates:support", args=[contribution.pk]), follow=True)

    assert "Vous soutenez déjà cette contribution." in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.support_count == 1


def test_a_too_long_contribution_is_refused_on_the_page_and_kept_in_the_form(
    client, people, debates
):
    debate = debates["open"]
    ParticipantFactory(debate=debate, user=people["citizen"])
    client.force_login(people["citizen"])

    response = client.post(reverse("debates:contribute", args=[debate.pk]), {"text": "é" * 50_000})

    assert response.status_code == 400
    assert "ne doit pas dépasser 5\u202f000 caractères (50\u202f000 caractères saisis)" in (
        response.content.decode()
    )
    assert not Contribution.objects.exists()


def test_no_contribution_to_a_closed_debate_through_the_page(client, people, debates):
    debate = debates["closed"]
    ParticipantFactory(debate=debate, user=people["citizen"])
    client.force_login(people["citizen"])

    response = client.post(reverse("debates:contribute", args=[debate.pk]), {"text": "Tard."})

    assert response.status_code == 400
    assert "Ce débat n’est pas ouvert aux contributions." in response.content.decode()
    assert not Contribution.objects.exists()


def test_an_anonymous_visitor_cannot_contribute(client, debates):
    response = client.post(reverse("debates:contribute", args=[debates["open"].pk]), {"text": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Contribution.objects.exists()


def test_xss_payloads_are_inert_in_every_text_served(client, people, debates):
    debate = debates["open"]
    Debate.objects.filter(pk=debate.pk).update(title=XSS, description=XSS)
    participant = ParticipantFactory(debate=debate, display_name='<script>alert("x")</script>')
    ContributionFactory(participant=participant, text=XSS)
    debate.questions.update(text=XSS)

    pages = [
        client.get(debate.get_absolute_url()),
        client.get(reverse("debates:index")),
        client.get(reverse("debates:statistics", args=[debate.pk])),
    ]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in html
        assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        assert "<img src=x" not in html
        assert 'href="javascript:' not in html


def test_a_hidden_contribution_shows_its_reason_in_its_place(client, people, debates):
    contribution = ContributionFactory(
        participant__debate=debates["open"],
        text="Propos injurieux.",
        status=ContributionStatus.HIDDEN,
        hidden_reason="Propos contraires à la charte.",
    )

    html = client.get(debates["open"].get_absolute_url()).content.decode()

    assert "Contribution masquée par la modération. Motif : Propos contraires à la charte." in html
    assert "Propos injurieux." not in html
    client.force_login(people["member"])
    assert (
        "Propos injurieux." in client.get(contribution.debate.get_absolute_url()).content.decode()
    )


def test_the_statistics_page_has_a_chart_and_its_table(client, debates):
    debate = debates["open"]
    question = debate.questions.first()
    ContributionFactory.create_batch(3, participant__debate=debate, question=question)
    ContributionFactory(participant__debate=debate)

    html = client.get(reverse("debates:statistics", args=[debate.pk])).content.decode()

    assert 'role="img"' in html
    assert re.search(r"Question 1 : [^<]+</th>\s*<td[^>]*>3</td>", html)
    assert re.search(r"Idées hors des questions</th>\s*<td[^>]*>1</td>", html)
    assert "2 participants" not in html and "4 participants" in html


def test_participants_never_show_an_email(client, people, debates):
    Participant.objects.create(debate=debates["open"], user=people["citizen"], display_name="Cam")
    html = client.get(debates["open"].get_absolute_url()).content.decode()
    assert "@" not in re.sub(r"(href|content|action)=\"[^\"]*\"", "", html).replace("@context", "")


def test_an_edited_contribution_shows_its_former_versions(client, people, debates):
    participant = ParticipantFactory(debate=debates["open"], user=people["citizen"])
    contribution = ContributionFactory(participant=participant, text="Premier jet <b>gras</b>.")
    client.force_login(people["citizen"])
    client.post(reverse("debates:contribution_edit", args=[contribution.pk]), {"text": "Propre."})

    html = client.get(debates["open"].get_absolute_url()).content.decode()

    assert "Versions antérieures" in html and "Premier jet" in html and "<b>gras" not in html


ACTIONS = {
    "support": ("debates:support", {}),
    "report": ("debates:report", {"reason": "Hors sujet."}),
    "hide": ("debates:hide", {"reason": "Hors charte."}),
    "answer": ("debates:answer", {"answer": "Merci."}),
}


@pytest.mark.parametrize(
    ("action", "who", "expected"),
    [
        ("support", "anonymous", 302), ("report", "anonymous", 302), ("hide", "anonymous", 302),
        ("answer", "anonymous", 302),
        ("hide", "citizen", 403), ("hide", "outsider", 403), ("hide", "member", 302),
        ("hide", "staff", 302), ("answer", "citizen", 403), ("answer", "member", 403),
        ("answer", "staff", 403), ("answer", "referent", 302), ("report", "citizen", 302),
    ],
)  # fmt: skip
def test_every_action_on_a_contribution_checks_its_right(client, people, action, who, expected):
    debate = DebateFactory(organisation=people["village"], closed=True)
    contribution = ContributionFactory(participant__debate=debate)
    name, data = ACTIONS[action]

    response = client_for(client, people, who).post(reverse(name, args=[contribution.pk]), data)

    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    contribution.refresh_from_db()
    changed = {
        "support": contribution.support_count == 1,
        "report": contribution.reports.exists(),
        "hide": contribution.status == ContributionStatus.HIDDEN,
        "answer": contribution.answer == "Merci.",
    }[action]
    assert changed == (expected == 302 and who != "anonymous")


def test_a_referent_edits_a_draft_and_its_questions_are_replaced(client, people, debates):
    debate = debates["draft"]
    client.force_login(people["referent"])

    response = client.post(
        reverse("debates:edit", args=[debate.pk]),
        {
            "title": "Brouillon revu",
            "subject": "donnees_publiques",
            "opens_on": "2026-12-01",
            "closes_on": "2026-12-31",
            "question_1": "Quelles données ouvrir ?",
            "question_3": "Sous quelle licence ?",
        },
    )

    assert response.status_code == 302
    debate.refresh_from_db()
    assert (debate.title, debate.subject) == ("Brouillon revu", "donnees_publiques")
    assert [q.text for q in debate.questions.all()] == [
        "Quelles données ouvrir ?",
        "Sous quelle licence ?",
    ]


def test_my_debates_lists_the_collectivites_drafts_and_the_persons_participations(
    client, people, debates
):
    ParticipantFactory(debate=debates["open"], user=people["citizen"], display_name="Cam")
    client.force_login(people["member"])
    member_page = client.get(reverse("debates:my_debates")).content.decode()
    client.force_login(people["citizen"])
    citizen_page = client.get(reverse("debates:my_debates")).content.decode()

    assert "Brouillon secret" in member_page and "Ouvrir un débat" not in member_page
    assert "Brouillon secret" not in citizen_page
    assert "Débat ouvert" in citizen_page and "Cam" in citizen_page
