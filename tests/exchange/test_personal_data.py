"""What the bourse holds about a person joins their RGPD download, and is erased (saved
searches) or anonymised (what they wrote for their organisation) with their account."""

import json

import pytest
from django.urls import reverse

from territoires.exchange.models import Agreement, Need, SavedSearch
from tests.exchange.factories import AgreementFactory, NeedFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db


def test_the_download_then_the_deletion(client, world):
    person = world["requester_member"]
    SavedSearchFactory(user=person, skill="sig")
    need = NeedFactory(organisation=world["requester"], created_by=person)
    agreement = AgreementFactory(
        offer=world["offer"], requester=world["requester"], created_by=person
    )
    client.force_login(person)

    data = json.loads(client.get(reverse("accounts:account_export")).content)["bourse"]

    assert data["recherches_enregistrees"][0]["competence"] == "SIG et cartographie"
    assert data["besoins_rediges"] == [
        {"besoin": "Délégué à la protection des données mutualisé", "organisation": "Village-0"}
    ]
    assert data["demandes_envoyees"][0]["offre"] == "DPO mutualisé"

    client.post(reverse("accounts:account_delete"), {"confirm": "on"})

    assert not SavedSearch.objects.exists()
    assert Need.objects.get(pk=need.pk).created_by is None
    assert Agreement.objects.get(pk=agreement.pk).created_by is None
