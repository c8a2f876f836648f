"""Debates for the tests: a village of the Nièvre's debate, its questions, participants,
contributions and supports.

``DebateFactory`` makes a draft debate of Village-0's collectivité (département 58, région 27)
with two questions, opening today and closing in 30 days; ``open``, ``closed`` and
``published`` (its synthesis) give it another state (logged as its workflow would), ``demo``
marks it as demo data. ``ParticipantFactory`` is a citizen signed in with FranceConnect who
accepted the charter under a pseudonym (Pseudo-0 …).
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from territoires.debates.enums import ContributionKind, DebateStatus, Subject
from territoires.debates.models import (
    Contribution,
    Debate,
    DebateTransition,
    Participant,
    Question,
    Support,
)
from tests.accounts.factories import IdentityFactory, OrganisationFactory, UserFactory
from tests.geo.factories import CommuneFactory

STATUS_PATH = {
    DebateStatus.DRAFT: [],
    DebateStatus.OPEN: [DebateStatus.OPEN],
    DebateStatus.CLOSED: [DebateStatus.OPEN, DebateStatus.CLOSED],
    DebateStatus.SYNTHESIS: [DebateStatus.OPEN, DebateStatus.CLOSED, DebateStatus.SYNTHESIS],
}


class CollectiviteFactory(OrganisationFactory):
    """A village's collectivité, tied to its territory (and its SIREN)."""

    territory = factory.SubFactory(CommuneFactory, siren=factory.Sequence(lambda n: f"2158{n:05}"))
    name = factory.LazyAttribute(lambda organisation: f"Commune de {organisation.territory.name}")


class DebateFactory(DjangoModelFactory):
    class Meta:
        model = Debate
        skip_postgeneration_save = True

    class Params:
        open = factory.Trait(status=DebateStatus.OPEN)
        closed = factory.Trait(status=DebateStatus.CLOSED)
        published = factory.Trait(
            status=DebateStatus.SYNTHESIS,
            synthesis="Nous avons entendu vos attentes.",
            synthesis_published_at=factory.LazyFunction(timezone.now),
        )
        demo = factory.Trait(is_demo=True)

    organisation = factory.SubFactory(CollectiviteFactory)
    territory = factory.SelfAttribute("organisation.territory")
    departement_code = "58"
    region_code = "27"
    title = factory.Sequence(lambda n: f"Débat {n} sur la 5G")
    subject = Subject.MOBILE
    description = "Le déploiement de la 5G sur la commune."
    opens_on = factory.LazyFunction(timezone.localdate)
    closes_on = factory.LazyAttribute(lambda debate: debate.opens_on + datetime.timedelta(30))
    status = DebateStatus.DRAFT

    @factory.post_generation
    def questions(debate, create, extracted, **kwargs):
        """``questions=[text, …]``; two questions by default."""
        texts = (
            extracted
            if extracted is not None
            else [
                "Quelles sont vos attentes sur la couverture mobile ?",
                "Quelles précautions souhaitez-vous ?",
            ]
        )
        for position, text in enumerate(texts, start=1):
            QuestionFactory(debate=debate, position=position, text=text)

    @factory.post_generation
    def history(debate, create, extracted, **kwargs):
        """The workflow's log up to the debate's state, as its moves would have written it."""
        previous = ""
        for status in [DebateStatus.DRAFT, *STATUS_PATH[debate.status]]:
            DebateTransition.objects.create(debate=debate, from_status=previous, to_status=status)
            previous = status


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    debate = factory.SubFactory(DebateFactory, questions=[])
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Question {n} ?")


class CitizenFactory(UserFactory):
    """A person signed in with FranceConnect (« Camille Martin » …)."""

    first_name = "Camille"
    last_name = "Martin"
    identity = factory.RelatedFactory(IdentityFactory, "user", franceconnect=True)


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    debate = factory.SubFactory(DebateFactory, open=True)
    user = factory.SubFactory(CitizenFactory)
    display_name = factory.Sequence(lambda n: f"Pseudo-{n}")


class ContributionFactory(DjangoModelFactory):
    """An idea; with ``question``, an answer to it."""

    class Meta:
        model = Contribution

    participant = factory.SubFactory(ParticipantFactory)
    debate = factory.SelfAttribute("participant.debate")
    question = None
    kind = factory.LazyAttribute(
        lambda contribution: (
            ContributionKind.ANSWER if contribution.question else ContributionKind.IDEA
        )
    )
    text = factory.Sequence(lambda n: f"Contribution {n} : plus d’antennes partagées.")


class SupportFactory(DjangoModelFactory):
    class Meta:
        model = Support

    contribution = factory.SubFactory(ContributionFactory)
    participant = factory.SubFactory(
        ParticipantFactory, debate=factory.SelfAttribute("..contribution.debate")
    )
