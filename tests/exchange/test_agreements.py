"""The agreement workflow through its services: every transition, with the log row and the
e-mail to the other party (read back from the tests' SMTP server), and every refusal, which
changes nothing."""

import pytest

from territoires.core.errors import BusinessError
from territoires.exchange import services
from territoires.exchange.enums import AgreementStatus, LegalVehicle
from territoires.exchange.models import Agreement, AgreementTransition, Beneficiary, Offer
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.exchange.factories import AgreementFactory, OfferFactory
from tests.geo.factories import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db


def request(world, **fields):
    return services.agreement_request(
        actor=world["requester_member"],
        offer=world["offer"],
        organisation=world["requester"],
        message=fields.get("message", "Nous cherchons un DPO."),
    )


def move(world, agreement, name, who, **fields):
    return services.agreement_move(actor=world[who], agreement=agreement, name=name, **fields)


def test_an_agreement_goes_from_request_to_evaluation_and_the_other_party_is_told(
    smtp_server, world
):
    agreement = request(world)
    move(world, agreement, "accept", "provider_member", comment="Avec plaisir.")
    services.convention_draft(
        actor=world["requester_member"],
        agreement=agreement,
        purpose="Mise à disposition d’un DPO.",
        duration_months=12,
        cost_key="Gratuit",
    )
    move(world, agreement, "sign", "provider_member")
    move(world, agreement, "start", "provider_member")
    move(world, agreement, "end", "requester_member")
    move(world, agreement, "evaluate", "requester_member", satisfaction=4, comment="Très bien.")

    agreement.refresh_from_db()
    assert (agreement.status, agreement.satisfaction, agreement.evaluation) == (
        AgreementStatus.EVALUATED,
        4,
        "Très bien.",
    )
    log = [
        (row.actor.email if row.actor else None, row.from_status, row.to_status, row.comment)
        for row in AgreementTransition.objects.filter(agreement=agreement)
    ]
    provider, requester = "agent@amognes.fr", "maire@village.fr"
    assert log == [
        (requester, "", "demandee", ""),
        (provider, "demandee", "acceptee", "Avec plaisir."),
        (requester, "acceptee", "redigee", ""),
        (provider, "redigee", "signee", ""),
        (provider, "signee", "active", ""),
        (requester, "active", "terminee", ""),
        (requester, "terminee", "evaluee", "Très bien."),
    ]
    # The provider is written to at the offer's contact address, the requester at the
    # address of the person who asked; each message tells of the step.
    mails = [(mail.to, mail.subject) for mail in smtp_server.received]
    assert mails == [
        ("dpo@amognes.fr", "Nouvelle demande pour votre offre « DPO mutualisé »"),
        ("maire@village.fr", "Accord « DPO mutualisé » : acceptée"),
        ("dpo@amognes.fr", "Accord « DPO mutualisé » : convention rédigée (version 1)"),
        ("maire@village.fr", "Accord « DPO mutualisé » : convention signée"),
        ("maire@village.fr", "Accord « DPO mutualisé » : en cours"),
        ("dpo@amognes.fr", "Accord « DPO mutualisé » : terminée"),
        ("dpo@amognes.fr", "Accord « DPO mutualisé » : évaluée"),
    ]
    assert "Village-0 demande à bénéficier de votre offre" in smtp_server.received[0].body
    assert f"/bourse/accords/{agreement.pk}/" in smtp_server.received[0].body
    assert "Commentaire :\nAvec plaisir." in smtp_server.received[1].body


def test_a_decline_needs_a_reason_which_the_requester_receives(smtp_server, world):
    agreement = request(world)
    with pytest.raises(BusinessError) as error:
        move(world, agreement, "decline", "provider_member", comment="  ")
    assert error.value.errors == {
        "comment": ["Indiquez le motif du refus : le demandeur le recevra."]
    }
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.REQUESTED

    move(world, agreement, "decline", "provider_member", comment="Plus de place cette année.")

    agreement.refresh_from_db()
    assert (agreement.status, agreement.decline_reason) == (
        AgreementStatus.DECLINED,
        "Plus de place cette année.",
    )
    last = smtp_server.received[-1]
    assert (last.to, last.subject) == ("maire@village.fr", "Accord « DPO mutualisé » : déclinée")
    assert "Plus de place cette année." in last.body


def test_a_move_the_state_forbids_is_refused_and_writes_nothing(world):
    agreement = AgreementFactory(offer=world["offer"], requester=world["requester"])
    with pytest.raises(BusinessError) as error:
        move(world, agreement, "sign", "provider_member")
    assert error.value.status == 409
    assert error.value.message == (
        "Cet accord est à l’état « demande envoyée » : il ne peut pas passer à l’état "
        "« convention signée »."
    )
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.REQUESTED
    assert not AgreementTransition.objects.exists()


def test_only_the_provider_answers_and_only_the_parties_act(world):
    agreement = AgreementFactory(offer=world["offer"], requester=world["requester"])
    with pytest.raises(BusinessError, match="Cette action revient au fournisseur") as error:
        move(world, agreement, "accept", "requester_member")
    assert error.value.status == 403
    for who in ("outsider", "staff"):
        with pytest.raises(BusinessError, match="ne concerne que ses deux parties") as error:
            move(world, agreement, "accept", who)
        assert error.value.status == 403
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.REQUESTED


@pytest.mark.parametrize("satisfaction", [None, 0, 6])
def test_a_satisfaction_outside_1_to_5_is_refused(world, satisfaction):
    agreement = AgreementFactory(
        offer=world["offer"], requester=world["requester"], status=AgreementStatus.ENDED
    )
    with pytest.raises(BusinessError) as error:
        move(world, agreement, "evaluate", "requester_member", satisfaction=satisfaction)
    assert error.value.errors == {"satisfaction": ["La satisfaction est une note de 1 à 5."]}
    agreement.refresh_from_db()
    assert (agreement.status, agreement.satisfaction) == (AgreementStatus.ENDED, None)


def test_an_acceptance_needs_a_place_for_every_beneficiary(world):
    offer = world["offer"]  # 2 places
    AgreementFactory(offer=offer, status=AgreementStatus.ACTIVE)  # one taken
    grouped = AgreementFactory(
        offer=offer, requester=world["requester"], beneficiaries=[world["elsewhere"]]
    )
    with pytest.raises(BusinessError, match="plus assez de places") as error:
        move(world, grouped, "accept", "provider_member")
    assert error.value.status == 409
    assert Agreement.objects.get(pk=grouped.pk).status == AgreementStatus.REQUESTED


def test_a_grouped_request_is_joined_then_answered_once_for_all(world):
    agreement = request(world)
    services.agreement_join(
        actor=world["outsider"], agreement=agreement, organisation=world["elsewhere"]
    )
    with pytest.raises(BusinessError, match="fait déjà partie"):
        services.agreement_join(
            actor=world["outsider"], agreement=agreement, organisation=world["elsewhere"]
        )

    move(world, agreement, "accept", "provider_member")

    assert sorted(
        Beneficiary.objects.filter(agreement=agreement).values_list("organisation__name", flat=True)
    ) == ["Village-0", "Village-1"]
    # Both beneficiaries hold a place: the offer of 2 places is full.
    with pytest.raises(BusinessError, match="capacité atteinte"):
        third = OrganisationFactory(territory=CommuneFactory(siren="215800003"))
        MembershipFactory(organisation=third, user=world["staff"])
        services.agreement_request(
            actor=world["staff"], offer=world["offer"], organisation=third, message="Et nous ?"
        )
    # Once answered, nobody joins any more.
    late = OrganisationFactory(territory=CommuneFactory(siren="215800004"))
    member = UserFactory()
    MembershipFactory(organisation=late, user=member)
    with pytest.raises(BusinessError, match="déjà reçu sa réponse"):
        services.agreement_join(actor=member, agreement=agreement, organisation=late)


def test_a_request_the_offer_cannot_serve_is_refused_with_the_matching_reason(world):
    offer = OfferFactory(eligible_kinds=["epci"])
    with pytest.raises(BusinessError) as error:
        services.agreement_request(
            actor=world["requester_member"],
            offer=offer,
            organisation=world["requester"],
            message="Bonjour",
        )
    assert error.value.message == (
        "Cette offre ne peut pas servir Village-0 : réservé aux EPCI à fiscalité propre."
    )
    assert not Agreement.objects.exists()


def test_a_request_for_another_organisation_or_its_own_offer_is_refused(world):
    with pytest.raises(BusinessError) as error:
        services.agreement_request(
            actor=world["outsider"],
            offer=world["offer"],
            organisation=world["requester"],
            message="Bonjour",
        )
    assert error.value.status == 403
    with pytest.raises(BusinessError, match="sa propre offre"):
        services.agreement_request(
            actor=world["provider_member"],
            offer=world["offer"],
            organisation=world["provider"],
            message="Bonjour",
        )
    assert not Agreement.objects.exists()
    assert Offer.objects.get(pk=world["offer"].pk).capacity == 2


@pytest.mark.parametrize("vehicle", [LegalVehicle.SERVICE_COMMUN, LegalVehicle.MISE_A_DISPOSITION])
def test_a_service_commun_serves_the_communes_of_its_intercommunality_only(world, vehicle):
    # CGCT L5211-4-1 and L5211-4-2: between an EPCI and its member communes, never beyond.
    offer = OfferFactory(provider=world["provider"], legal_vehicle=vehicle)
    other_epci = EpciFactory(code="200067999", siren="200067999", name="CC d’à côté")
    outside = OrganisationFactory(territory=CommuneFactory(siren="215800005", epci=other_epci))
    MembershipFactory(organisation=outside, user=world["outsider"])
    with pytest.raises(BusinessError) as error:
        services.agreement_request(
            actor=world["outsider"], offer=offer, organisation=outside, message="Bonjour"
        )
    assert error.value.message.endswith(
        "réservé à l’intercommunalité de l’offreur et à ses communes membres."
    )
    assert not Agreement.objects.filter(offer=offer).exists()

    services.agreement_request(
        actor=world["requester_member"],
        offer=offer,
        organisation=world["requester"],
        message="Nous sommes membres.",
    )
    assert Agreement.objects.filter(offer=offer, requester=world["requester"]).exists()
