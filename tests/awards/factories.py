"""Editions, applications, juries and sheets of the labels for the tests.

``EditionFactory`` makes the edition 2026, in preparation, whose call runs from 1 March to
1 June 2026 (pre-selection until 1 September, finalists on 15 September, final at the Forum
on 15 October, results on 1 November); ``with_grid`` (or any state
but the first) gives it two categories and the grid of
``GRID`` (weights 2 and 1, « Innovation » mandatory); ``open`` opens its call. An
``ApplicationFactory`` is a complete draft of a village of the Nièvre (a new collectivité
with its own organisation); ``submitted`` deposits it. ``JuryFactory`` is the jury of the
région Bourgogne-Franche-Comté until 1 September; ``JurorFactory`` an agent (ProConnect) of
a new organisation without a territory, or with ``of_organisation`` one of that organisation
and its territory.
"""

from datetime import UTC, datetime

import factory
from factory.django import DjangoModelFactory

from territoires.awards.enums import ApplicationStatus, BudgetBand, EditionStatus, JurorKind
from territoires.awards.models import (
    Application,
    Assignment,
    Category,
    Criterion,
    Edition,
    Juror,
    Jury,
)
from territoires.awards.services import project_key
from tests.accounts.factories import IdentityFactory, OrganisationFactory, UserFactory
from tests.geo.factories import CommuneFactory, RegionFactory


def at(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


DATES = {
    "call_opens_at": at(3, 1),
    "call_closes_at": at(6, 1),
    "preselection_at": at(9, 1),
    "finalists_at": at(9, 15),
    "final_at": at(10, 15),
    "results_at": at(11, 1),
}
MARKS = ["Absent", "Faible", "Moyen", "Bon", "Très bon", "Exemplaire"]
GRID = (("Innovation", 2, True), ("Sobriété", 1, False))


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("year",)
        skip_postgeneration_save = True

    class Params:
        open = factory.Trait(status=EditionStatus.OPEN)
        review = factory.Trait(status=EditionStatus.REVIEW)
        final = factory.Trait(status=EditionStatus.FINAL)

    year = 2026
    title = factory.LazyAttribute(lambda edition: f"Labels Territoires Innovants {edition.year}")
    rules = "## Règlement\n\nPeuvent candidater les **collectivités** territoriales."
    status = EditionStatus.DRAFT
    call_opens_at = DATES["call_opens_at"]
    call_closes_at = DATES["call_closes_at"]
    preselection_at = DATES["preselection_at"]
    finalists_at = DATES["finalists_at"]
    final_at = DATES["final_at"]
    results_at = DATES["results_at"]

    @factory.post_generation
    def with_grid(edition, create, extracted, **kwargs):
        # An edition past its preparation always has its grid.
        if (not extracted and edition.status == EditionStatus.DRAFT) or edition.criteria.exists():
            return
        for order, name in enumerate(("Administration numérique", "Inclusion numérique")):
            Category.objects.create(edition=edition, name=name, order=order)
        for order, (name, weight, mandatory) in enumerate(GRID):
            Criterion.objects.create(
                edition=edition,
                name=name,
                weight=weight,
                mandatory=mandatory,
                marks=MARKS,
                order=order,
            )


class CollectiviteFactory(OrganisationFactory):
    """The organisation of a new village of the Nièvre."""

    territory = factory.SubFactory(CommuneFactory)
    name = factory.LazyAttribute(lambda organisation: f"Commune de {organisation.territory.name}")
    siren = factory.Sequence(lambda n: f"{215800000 + n}")


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(status=ApplicationStatus.SUBMITTED, submitted_at=at(4, 1))
        assigned = factory.Trait(status=ApplicationStatus.ASSIGNED, submitted_at=at(4, 1))

    edition = factory.SubFactory(EditionFactory, open=True)
    organisation = factory.SubFactory(CollectiviteFactory)
    region = factory.LazyAttribute(lambda application: application.organisation.territory.region)
    category = factory.LazyAttribute(lambda application: application.edition.categories.first())
    title = factory.Sequence(lambda n: f"Projet numérique {n}")
    project_key = factory.LazyAttribute(lambda application: project_key(application.title))
    summary = "Un guichet unique en ligne pour les démarches des habitants."
    description = "Les habitants déposent leurs demandes en ligne et suivent leur traitement."
    context = "Une commune rurale de 800 habitants."
    results = "120 démarches par mois, délai de réponse divisé par deux."
    budget_band = BudgetBand.UNDER_50K
    agrees_to_publication = True


class JuryFactory(DjangoModelFactory):
    class Meta:
        model = Jury

    edition = factory.SubFactory(EditionFactory, review=True)
    region = factory.SubFactory(RegionFactory)
    deadline = DATES["preselection_at"]


class JurorFactory(DjangoModelFactory):
    """An agent with a ProConnect identity; ``organisation`` and ``territory`` may be given."""

    class Meta:
        model = Juror
        skip_postgeneration_save = True

    jury = factory.SubFactory(JuryFactory)
    user = factory.SubFactory(UserFactory)
    kind = JurorKind.AGENT
    organisation = None
    territory = factory.LazyAttribute(
        lambda juror: juror.organisation.territory if juror.organisation else None
    )
    identity = factory.RelatedFactory(IdentityFactory, user=factory.SelfAttribute("..user"))


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(ApplicationFactory, assigned=True)
    juror = factory.SubFactory(JurorFactory)
