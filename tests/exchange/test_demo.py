"""The bourse's demo data, as ``make run`` writes it: marked as demo, idempotent."""

import io

import pytest
from django.core.management import call_command

from territoires.exchange.models import Agreement, Need, Offer

pytestmark = pytest.mark.django_db


def test_the_demo_data_is_marked_and_written_once(imported):
    out = io.StringIO()
    call_command("generate_demo_exchange", stdout=out)
    counts = (Offer.objects.count(), Need.objects.count(), Agreement.objects.count())

    assert "(données de démonstration)" in out.getvalue()
    assert all(counts)
    assert not Offer.objects.filter(is_demo=False).exists()
    assert not Need.objects.filter(is_demo=False).exists()
    assert not Agreement.objects.filter(is_demo=False).exists()
    assert all(agreement.transitions.exists() for agreement in Agreement.objects.all())

    out = io.StringIO()
    call_command("generate_demo_exchange", stdout=out)
    assert "existent déjà" in out.getvalue()
    assert (Offer.objects.count(), Need.objects.count(), Agreement.objects.count()) == counts
