"""The labels in a real browser: the application form, the juror's scoring page and the
palmarès, each without a serious or critical accessibility violation."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from territoires.awards.enums import SheetStatus
from territoires.awards.models import Application, Edition
from tests.accounts.factories import MembershipFactory
from tests.awards.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CollectiviteFactory,
    JuryFactory,
)
from tests.browser.conftest import serious_violations, sign_in_browser

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editions(site):
    """The demo of ``make run``: last year's palmarès and this year's open call."""
    year = timezone.now().year
    call_command("generate_demo_labels", "--year", str(year), stdout=io.StringIO())
    return Edition.objects.get(year=year - 1), Edition.objects.get(year=year)


def test_a_member_drafts_an_application(site, page, editions):
    _, current = editions
    member = MembershipFactory(organisation=CollectiviteFactory()).user
    sign_in_browser(page, site, member)
    page.goto(f"{site}/labels/{current.year}/candidater/")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Ce champ est obligatoire").first.wait_for(timeout=10_000)
    assert serious_violations(page) == []

    page.get_by_label("Titre du projet").fill("Tiers-lieu numérique")
    page.get_by_label("Catégorie").select_option(label="Inclusion numérique")
    page.get_by_label("Résumé").fill("Un lieu pour apprendre le numérique.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le brouillon de la candidature est enregistré.").wait_for(timeout=10_000)
    application = Application.objects.get(title="Tiers-lieu numérique")
    assert application.category.name == "Inclusion numérique"
    assert serious_violations(page) == []


def test_a_juror_scores_an_application(site, page, editions):
    _, current = editions
    jury = JuryFactory(edition=current, deadline=timezone.now() + timedelta(days=30))
    sheet = AssignmentFactory(
        application=ApplicationFactory(edition=current, assigned=True), juror__jury=jury
    )
    sign_in_browser(page, site, sheet.juror.user)
    page.goto(f"{site}/labels/jury/fiches/{sheet.pk}/")
    assert serious_violations(page) == []

    for criterion in current.criteria.filter(mandatory=True):
        page.get_by_label(f"{criterion.name} (pondération {criterion.weight})").select_option("4")
    page.get_by_role("button", name="Envoyer ma notation").click()
    page.get_by_text("Votre notation est enregistrée.").wait_for(timeout=10_000)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == 4.0
    assert serious_violations(page) == []


def test_the_palmares_is_accessible(site, page, editions):
    past, _ = editions
    page.goto(f"{site}/labels/{past.year}/palmares/")
    assert "Données de démonstration" in page.content()
    assert serious_violations(page) == []
