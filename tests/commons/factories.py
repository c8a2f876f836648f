"""Communs, usages and experience reports for the tests.

``CommunFactory`` makes a published fiche (« Commun-0 », a free software on the axis DATA
under MIT) with its search words written as the services write them; ``proposed`` leaves it
waiting for moderation, ``maintainers=[organisation, …]`` gives it its maintainers.
``CollectiviteFactory`` makes a collectivité of a new village of the Nièvre;
``UsageFactory`` makes a public usage by a new one;
``private`` makes it visible to members only. ``ExperienceReportFactory`` makes a published
report, ``draft`` or ``submitted`` another state, ``authors=[…]`` its co-authors.
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from territoires.commons.enums import (
    CommunKind,
    CommunStatus,
    HostingMode,
    Maturity,
    ReportStatus,
    Visibility,
)
from territoires.commons.models import Commun, ExperienceReport, HostingOffer, Usage
from territoires.commons.search_index import commun_reindex, report_reindex
from territoires.commons.services import commun_users_recount
from tests.accounts.factories import OrganisationFactory
from tests.geo.factories import CommuneFactory


class CommunFactory(DjangoModelFactory):
    class Meta:
        model = Commun
        skip_postgeneration_save = True

    class Params:
        proposed = factory.Trait(status=CommunStatus.PROPOSED, published_at=None)
        archived = factory.Trait(status=CommunStatus.ARCHIVED)

    name = factory.Sequence(lambda n: f"Commun-{n}")
    slug = factory.Sequence(lambda n: f"commun-{n}")
    kind = CommunKind.SOFTWARE
    summary = "Un logiciel libre pour les collectivités."
    description = ""
    axes = factory.LazyFunction(lambda: ["DATA"])
    licence = "MIT"
    website = "https://exemple.fr/"
    maturity = Maturity.PRODUCTION
    status = CommunStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def maintainers(commun, create, extracted, **kwargs):
        if extracted:
            commun.maintainers.set(extracted)

    @factory.post_generation
    def index(commun, create, extracted, **kwargs):
        """Written last: the words of the fiche, its facets with them."""
        if create:
            commun_reindex(commun)


class HostingOfferFactory(DjangoModelFactory):
    """An OPSN hosting the commun (its search words are not rewritten: reindex after)."""

    class Meta:
        model = HostingOffer

    commun = factory.SubFactory(CommunFactory)
    mode = HostingMode.OPSN
    provider = "OPSN de la Nièvre"


class CollectiviteFactory(OrganisationFactory):
    """A collectivité tied to a new village of the Nièvre, named after it, with its SIREN."""

    territory = factory.SubFactory(
        CommuneFactory, siren=factory.Sequence(lambda n: f"{215800000 + n}")
    )
    name = factory.SelfAttribute("territory.name")


class UsageFactory(DjangoModelFactory):
    class Meta:
        model = Usage
        skip_postgeneration_save = True

    class Params:
        private = factory.Trait(visibility=Visibility.MEMBERS)

    organisation = factory.SubFactory(CollectiviteFactory)
    commun = factory.SubFactory(CommunFactory)
    since_year = 2022
    purpose = "Publier nos données."
    visibility = Visibility.PUBLIC
    contactable = True

    @factory.post_generation
    def recount(usage, create, extracted, **kwargs):
        if create:
            commun_users_recount(usage.commun)


class ExperienceReportFactory(DjangoModelFactory):
    class Meta:
        model = ExperienceReport
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=ReportStatus.DRAFT, published_at=None)
        submitted = factory.Trait(status=ReportStatus.SUBMITTED, published_at=None)

    title = factory.Sequence(lambda n: f"Retour d’expérience {n}")
    slug = factory.Sequence(lambda n: f"retour-{n}")
    problem = "Nos agents ne partageaient pas leurs documents."
    status = ReportStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def authors(report, create, extracted, **kwargs):
        report.authors.set(extracted or [OrganisationFactory()])

    @factory.post_generation
    def communs(report, create, extracted, **kwargs):
        if extracted:
            report.communs.set(extracted)

    @factory.post_generation
    def index(report, create, extracted, **kwargs):
        if create:
            report_reindex(report)
