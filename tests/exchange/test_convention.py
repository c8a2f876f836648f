"""The convention: each version kept, downloaded by the parties only as a PDF and as an
editable Word document, both opened and read."""

import io

import pytest
from django.urls import reverse
from docx import Document

from territoires.core.errors import BusinessError
from territoires.exchange import services
from territoires.exchange.enums import AgreementStatus
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.exchange.factories import AgreementFactory
from tests.observatory.dashboard.test_rollups import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(world):
    agreement = AgreementFactory(
        offer=world["offer"],
        requester=world["requester"],
        status=AgreementStatus.ACCEPTED,
        beneficiaries=[world["elsewhere"]],
    )
    for months, purpose in (
        (12, "Un DPO deux jours par mois."),
        (18, "Un DPO trois jours par mois."),
    ):
        services.convention_draft(
            actor=world["provider_member"],
            agreement=agreement,
            purpose=purpose,
            duration_months=months,
            cost_key="Chaque bénéficiaire rembourse le temps passé à son profit.",
        )
    return agreement


def url(agreement, number, extension):
    return reverse("exchange:convention_download", args=[agreement.pk, number, extension])


EXPECTED = [
    "CC Amognes, SIREN 200067387, qui propose l’offre,",
    "Village-0, SIREN 215800001, bénéficiaire,",
    "Village-1, SIREN 215800002, bénéficiaire,",
    "Convention de coopération entre pouvoirs adjudicateurs : Code de la commande publique, "
    "article L2511-6.",
    "Chaque bénéficiaire rembourse le temps passé à son profit.",
    "L’offre accompagne au plus 2 bénéficiaires à la fois ; la présente convention en concerne 2.",
]


def test_the_pdf_of_each_version_says_who_what_under_which_text_how_long_and_at_what_cost(
    client, world, agreement
):
    client.force_login(world["requester_member"])

    latest = client.get(url(agreement, 2, "pdf"))
    first = client.get(url(agreement, 1, "pdf"))

    assert latest["Content-Type"] == "application/pdf"
    assert latest.content.startswith(b"%PDF-")
    text = pdf_text(latest.content)
    for line in [*EXPECTED, "Convention « DPO mutualisé » — version 2", "18 mois", "trois jours"]:
        assert line in text
    old = pdf_text(first.content)
    assert "12 mois" in old and "deux jours" in old and "trois jours" not in old


def test_the_word_document_is_editable_and_says_the_same(client, world, agreement):
    client.force_login(world["provider_member"])

    response = client.get(url(agreement, 2, "docx"))

    assert response["Content-Disposition"] == (
        f'attachment; filename="convention-{agreement.pk}-v2.docx"'
    )
    document = Document(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == "Convention « DPO mutualisé » — version 2"
    last = [
        "Un DPO trois jours par mois.",
        "18 mois à compter de la signature par la dernière des parties.",
    ]
    for line in [*EXPECTED, *last]:
        assert line in paragraphs
    assert document.core_properties.title == "Convention « DPO mutualisé » — version 2"


def test_only_the_parties_download_and_a_missing_version_or_format_is_not_found(
    client, world, agreement
):
    # The outsider's organisation joined this grouped request: it is a party.
    client.force_login(world["outsider"])
    assert client.get(url(agreement, 1, "pdf")).status_code == 200
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    for user in (stranger, world["staff"]):
        client.force_login(user)
        assert client.get(url(agreement, 1, "pdf")).status_code == 404
    client.logout()
    assert client.get(url(agreement, 1, "pdf")).status_code == 302
    client.force_login(world["requester_member"])
    assert client.get(url(agreement, 3, "pdf")).status_code == 404
    assert client.get(url(agreement, 1, "odt")).status_code == 404


def test_a_signed_convention_is_not_edited_any_more(world, agreement):
    services.agreement_move(actor=world["provider_member"], agreement=agreement, name="sign")

    with pytest.raises(BusinessError) as error:
        services.convention_draft(
            actor=world["requester_member"],
            agreement=agreement,
            purpose="Autre",
            duration_months=6,
            cost_key="Gratuit",
        )
    assert error.value.status == 409
    assert agreement.conventions.count() == 2
