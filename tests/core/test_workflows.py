"""The workflow mechanism of core: a forbidden move is refused in French and writes nothing,
concurrent moves of one object are serialised by the row lock (PostgreSQL), and the history
partial shows an object's log on its page."""

import threading

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse

from territoires.accounts.enums import RequestStatus
from territoires.accounts.models import MembershipRequest, User
from territoires.accounts.services import membership_request_refuse
from territoires.core.errors import BusinessError
from territoires.core.workflows import (
    Transition,
    Workflow,
    transition_apply,
    transitions_apply,
)
from territoires.observatory.enums import CampaignStatus
from territoires.observatory.models import Campaign, CampaignTransition
from territoires.observatory.services import campaign_create, campaign_open
from tests.observatory.conftest import visible_text


def staff_user(email: str = "equipe@reseau.fr") -> User:
    return User.objects.create_user(email, first_name="Équipe", last_name="Réseau", is_staff=True)


@pytest.mark.django_db
def test_a_forbidden_move_is_refused_in_french_and_writes_nothing():
    actor = staff_user()
    campaign = Campaign.objects.create(
        year=2030, edition=2026, title="Essai", status=CampaignStatus.PUBLISHED
    )

    with pytest.raises(BusinessError) as refused:
        transition_apply(obj=campaign, name="open", actor=actor, comment="Réponses tardives")

    assert refused.value.message == (
        "Une campagne « publiée » ne peut pas passer à l’état « ouverte »."
    )
    assert refused.value.status == 409
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED
    assert not CampaignTransition.objects.exists()


@pytest.mark.django_db
def test_many_objects_move_together_or_not_at_all():
    actor = staff_user()
    drafts = [
        Campaign.objects.create(year=year, edition=2026, title=f"Essai {year}")
        for year in (2030, 2031)
    ]
    published = Campaign.objects.create(
        year=2032, edition=2026, title="Publiée", status=CampaignStatus.PUBLISHED
    )

    with pytest.raises(BusinessError, match="« publiée » ne peut pas passer à l’état « ouverte »"):
        transitions_apply(objs=[*drafts, published], name="open", actor=actor)
    assert set(Campaign.objects.values_list("status", flat=True)) == {"brouillon", "publiee"}
    assert not CampaignTransition.objects.exists()

    moved = transitions_apply(objs=drafts, name="open", actor=actor, comment="Ensemble")
    assert [campaign.status for campaign in moved] == ["ouverte", "ouverte"]
    assert list(
        CampaignTransition.objects.order_by("campaign__year").values_list(
            "campaign__year", "from_status", "to_status", "comment", "actor"
        )
    ) == [
        (2030, "brouillon", "ouverte", "Ensemble", actor.pk),
        (2031, "brouillon", "ouverte", "Ensemble", actor.pk),
    ]
    assert Campaign.objects.get(year=2032).status == CampaignStatus.PUBLISHED


@pytest.mark.django_db
def test_the_state_of_the_row_decides_not_a_stale_copy():
    """An object read before another move is checked against its row, under the lock."""
    actor = staff_user()
    agent = User.objects.create(first_name="Sans", last_name="Adresse")  # no e-mail to send
    request = MembershipRequest.objects.create(
        user=agent, siren="200012345", siret="20001234500018"
    )
    stale = MembershipRequest.objects.get(pk=request.pk)
    membership_request_refuse(actor=actor, request=request, comment="Entreprise privée.")

    with pytest.raises(BusinessError, match=r"^Cette demande a déjà été traitée\.$"):
        transition_apply(obj=stale, name="accept", actor=actor)

    request.refresh_from_db()
    assert (request.status, request.comment) == (RequestStatus.REFUSED, "Entreprise privée.")
    assert [(t.from_status, t.to_status) for t in request.transitions.all()] == [
        (RequestStatus.PENDING, RequestStatus.REFUSED)
    ]


def test_a_workflow_naming_an_unknown_state_or_twice_the_same_slug_is_refused():
    move = Transition(
        name="open", sources={"brouillon"}, target="ouverte", label="Ouvrir", slug="ouvrir"
    )
    with pytest.raises(ValueError, match="names a state of no workflow"):
        Workflow(
            states=RequestStatus,
            transitions=(move,),
            refusal="Non.",
        )
    with pytest.raises(ValueError, match="Two transitions share a slug"):
        Workflow(
            states=CampaignStatus,
            transitions=(move, Transition(**{**move.__dict__, "name": "reopen"})),
            refusal="Non.",
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database, not a row: the row lock is PostgreSQL's",
)
def test_concurrent_moves_of_one_object_are_serialised():
    actor = staff_user()
    campaign = Campaign.objects.create(year=2030, edition=2026, title="Essai")
    first_locked, second_started = threading.Event(), threading.Event()
    outcomes = {}

    def first():
        try:
            with transaction.atomic():
                campaign_open(actor=actor, campaign=Campaign.objects.get(pk=campaign.pk))
                first_locked.set()
                # Hold the lock while the second move starts on its own stale copy.
                second_started.wait(timeout=10)
                threading.Event().wait(0.5)
            outcomes["first"] = "moved"
        except BusinessError as error:
            outcomes["first"] = error.message
        finally:
            first_locked.set()
            connection.close()

    def second():
        stale = Campaign.objects.get(pk=campaign.pk)
        first_locked.wait(timeout=10)
        second_started.set()
        try:
            campaign_open(actor=actor, campaign=stale)
            outcomes["second"] = "moved"
        except BusinessError as error:
            outcomes["second"] = error.message
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == {
        "first": "moved",
        "second": "Une campagne « ouverte » ne peut pas passer à l’état « ouverte ».",
    }
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    assert list(CampaignTransition.objects.values_list("from_status", "to_status")) == [
        (CampaignStatus.DRAFT, CampaignStatus.OPEN)
    ]


@pytest.mark.django_db
def test_the_history_partial_shows_the_log_on_the_campaign_page(client):
    actor = staff_user()
    with time_machine.travel("2026-03-02 09:15 +01:00", tick=False):
        campaign = campaign_create(actor=actor, year=2030, edition=2026, title="Essai")
    with time_machine.travel("2026-03-09 14:30 +01:00", tick=False):
        campaign_open(actor=actor, campaign=campaign, comment="C’est parti")
    client.force_login(actor)

    text = visible_text(client.get(reverse("observatory:staff_campaign", args=[campaign.pk])))

    assert (
        "Historique de la campagne Le Par De Vers Commentaire "
        "2 mars 2026 à 09:15 Équipe Réseau — En préparation Création de la campagne "
        "9 mars 2026 à 14:30 Équipe Réseau En préparation Ouverte C’est parti"
    ) in text
