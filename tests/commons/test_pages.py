"""The pages of the catalogue, as each kind of visitor sees them: the permission matrix
(anonymous, stranger, outsider, member, maintainer, staff), forms that refuse bad input in
French and change nothing, the figures and the map of a fiche."""

import re

import pytest
from django.urls import reverse

from territoires.commons.enums import CommunStatus
from territoires.commons.models import Commun, Usage
from tests.commons.factories import (
    CollectiviteFactory,
    CommunFactory,
    ExperienceReportFactory,
    UsageFactory,
)
from tests.observatory.conftest import visible_text

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "stranger", "outsider", "member", "maintainer", "staff")


def statuses(*codes) -> dict[str, int]:
    """The expected status of each role, in the order of ``ROLES``."""
    return dict(zip(ROLES, codes, strict=True))


def as_role(client, people, role):
    if role != "anonymous":
        client.force_login(getattr(people, role))
    return client


def status_of(client, people, role, url, method="get", data=None):
    response = getattr(as_role(client, people, role), method)(url, data or {})
    return response.status_code


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # A published fiche and its history: everyone.
        ("commun", dict.fromkeys(ROLES, 200)),
        ("history", dict.fromkeys(ROLES, 200)),
        # Editing: maintainers and staff; the others are refused, signed out sent to sign in.
        (
            "commun_edit",
            statuses(302, 403, 403, 403, 200, 200),
        ),
        # Declaring a usage: members of some organisation.
        (
            "usage",
            statuses(302, 403, 200, 200, 200, 403),
        ),
        # Moderation and merge: staff.
        (
            "merge",
            statuses(302, 403, 403, 403, 403, 200),
        ),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_pages_of_a_published_fiche(client, people, page, expected, role):
    url = reverse(f"commons:{page}", kwargs={"slug": people.commun.slug})
    assert status_of(client, people, role, url) == expected[role]


@pytest.mark.parametrize(
    ("role", "expected"),
    list(statuses(404, 404, 404, 200, 404, 200).items()),
)
def test_a_proposed_fiche_is_seen_by_its_proposer_and_staff_only(client, people, role, expected):
    proposed = CommunFactory(proposed=True, proposed_by=people.member, name="Nouveau commun")
    assert status_of(client, people, role, proposed.get_absolute_url()) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    list(statuses(302, 403, 403, 403, 403, 200).items()),
)
def test_moderation_pages_are_for_staff(client, people, role, expected):
    assert status_of(client, people, role, reverse("commons:moderation")) == expected
    move = reverse("commons:commun_move", args=[people.commun.slug, "archiver"])
    assert status_of(client, people, role, move) == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_archives_a_fiche(client, people, role):
    url = reverse("commons:commun_move", args=[people.commun.slug, "archiver"])
    status_of(client, people, role, url, "post", {"comment": ""})
    people.commun.refresh_from_db()
    expected = CommunStatus.ARCHIVED if role == "staff" else CommunStatus.PUBLISHED
    assert people.commun.status == expected


def test_the_page_of_a_fiche_lists_its_public_users_and_counts_them(client, people):
    big = CollectiviteFactory(territory__population=12_000, territory__name="Bourg")
    UsageFactory(commun=people.commun, organisation=big, since_year=2019)
    UsageFactory(commun=people.commun, organisation=people.organisation)
    UsageFactory(commun=people.commun, private=True, organisation=people.other_organisation)
    text = visible_text(client.get(people.commun.get_absolute_url()))
    # The public users, largest first, with kind and population; never the private one.
    assert "Bourg Commune 12 000 2019" in text
    assert "Village-0 Commune 100" in text
    assert "Village-1" not in text
    # Both in the Nièvre: the map's table; by kind and stratum, public ones only.
    assert "Nièvre (58) 2" in text
    assert "Commune 2" in text
    assert "Communes de moins de 500 hab. 1" in text
    assert "Communes de 10 000 à 19 999 hab. 1" in text
    # A member of the platform sees the usage kept for members, marked so.
    client.force_login(people.member)
    assert "Village-1 Visible des membres" in visible_text(
        client.get(people.commun.get_absolute_url())
    )


def test_a_member_declares_a_usage_through_the_form_and_bad_input_changes_nothing(client, people):
    client.force_login(people.member)
    url = reverse("commons:usage", kwargs={"slug": people.commun.slug})
    response = client.post(
        url, {"organisation": people.organisation.pk, "since_year": 1492, "visibility": "public"}
    )
    assert response.status_code == 200
    assert "L’année doit être comprise entre 1980" in visible_text(response)
    assert not Usage.objects.exists()
    response = client.post(
        url,
        {
            "organisation": people.organisation.pk,
            "since_year": 2020,
            "visibility": "public",
            "contactable": "on",
        },
    )
    assert response.status_code == 302
    usage = Usage.objects.get()
    assert (usage.organisation, usage.since_year, usage.contactable) == (
        people.organisation,
        2020,
        True,
    )
    # An organisation the user is not a member of is not a choice.
    response = client.post(
        url, {"organisation": people.other_organisation.pk, "visibility": "public"}
    )
    assert "Sélectionnez un choix valide" in visible_text(response)
    assert Usage.objects.count() == 1


def test_proposing_shows_similar_names_before_submission(client, people):
    client.force_login(people.member)
    data = {
        "organisation": people.organisation.pk,
        "name": "Parapheur",
        "kind": "logiciel_libre",
        "summary": "Signer en ligne.",
        "maturity": "production",
        "licence": "MIT",
    }
    response = client.post(reverse("commons:propose"), data)
    text = visible_text(response)
    assert "Des fiches aux noms proches existent" in text and "Parapheur libre" in text
    assert Commun.objects.count() == 1
    response = client.post(reverse("commons:propose"), {**data, "distinct": "on"})
    assert response.status_code == 302
    assert Commun.objects.get(name="Parapheur").status == CommunStatus.PROPOSED


def test_the_proposal_form_refuses_bad_input_in_french(client, people):
    client.force_login(people.member)
    response = client.post(
        reverse("commons:propose"),
        {
            "organisation": people.organisation.pk,
            "name": "Outil",
            "kind": "logiciel_libre",
            "summary": "Un outil.",
            "maturity": "production",
            "licence": "Propriétaire",
            "website": "javascript:alert(1)",
            "axes": ["DATA"],
            "description": "a" * 200_000,
        },
    )
    text = visible_text(response)
    assert "« Propriétaire » n’est pas un identifiant de licence SPDX connu" in text
    assert "Seules les adresses commençant par http:// ou https:// sont acceptées." in text
    assert "Le texte dépasse 20 000 caractères" in text
    assert Commun.objects.count() == 1


def test_the_menu_the_home_pillar_and_a_territory_page(client, people):
    UsageFactory(commun=people.commun, organisation=people.organisation)
    CommunFactory(name="Autre")
    ExperienceReportFactory(authors=[people.organisation], title="Notre parapheur")
    home = client.get(reverse("core:home")).content.decode()
    assert re.search(r'aria-controls="menu-communs"', home)
    text = visible_text(client.get(reverse("core:home")))
    assert "2 communs au catalogue, utilisés par 1 organisation" in text
    assert "1 retour d’expérience publié" in text
    page = visible_text(client.get(people.organisation.territory.get_absolute_url()))
    assert "Communs utilisés Parapheur libre (logiciel libre, depuis 2022)" in page
    assert "Notre parapheur" in page


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 404), ("member", 200), ("outsider", 404), ("staff", 200)],
)
def test_a_draft_report_is_seen_by_its_authors_and_staff(client, people, role, expected):
    report = ExperienceReportFactory(draft=True, authors=[people.organisation])
    assert status_of(client, people, role, report.get_absolute_url()) == expected
