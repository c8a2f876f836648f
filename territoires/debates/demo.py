"""Demo debates for ``make run``: one open, one closed with its synthesis, marked as demo data.

Idempotent: a demo debate already there (same title) is left as it is. Written directly in
the database, as a real debate's life would have left it (workflow log, participants,
contributions, supports), for the first communes of the référentiel: no person nor account
is involved (the participants are tied to no account, as anonymised ones are).
"""

import datetime
from itertools import pairwise

from django.db import transaction
from django.utils import timezone

from territoires.accounts.enums import OrganisationKind
from territoires.accounts.models import Organisation
from territoires.debates.enums import ContributionKind, DebateStatus, Subject
from territoires.debates.models import (
    Contribution,
    Debate,
    DebateTransition,
    Participant,
    Question,
    Support,
)
from territoires.debates.services import territory_locations
from territoires.geo.enums import TerritoryKind
from territoires.geo.models import Territory

PSEUDONYMS = ["Lucie", "Marc B.", "Voisine du centre", "Yann", "Awa D.", "Jeanne", "Rachid K."]
DEBATES = [
    {
        "title": "Démonstration — Quelle place pour la 5G dans notre commune ?",
        "subject": Subject.MOBILE,
        "status": DebateStatus.OPEN,
        "questions": [
            "Quelles sont vos attentes sur la couverture mobile ?",
            "Quelles précautions souhaitez-vous pour l’installation des antennes ?",
        ],
        "texts": [
            "Une meilleure couverture dans les hameaux avant tout.",
            "Partager les pylônes entre opérateurs pour limiter leur nombre.",
            "Publier les mesures d’exposition des antennes.",
            "Organiser une réunion publique avant chaque installation.",
        ],
    },
    {
        "title": "Démonstration — Numérique responsable : nos priorités",
        "subject": Subject.RESPONSIBLE,
        "status": DebateStatus.SYNTHESIS,
        "questions": [
            "Comment allonger la durée de vie du matériel ?",
            "Quels services en ligne sobres souhaitez-vous ?",
        ],
        "texts": [
            "Réparer et reconditionner les ordinateurs des écoles.",
            "Des sites plus légers, lisibles sur un vieux téléphone.",
            "Un atelier de réparation mensuel à la médiathèque.",
        ],
        "synthesis": "Les participants demandent d’abord de faire durer le matériel existant.",
    },
]


@transaction.atomic
def demo_debates_create() -> list[Debate]:
    """The demo debates missing, on the first communes of the référentiel; [] without one."""
    communes = list(
        Territory.objects.current().filter(kind=TerritoryKind.COMMUNE).exclude(siren="")[:2]
    )
    created = []
    for spec, territory in zip(DEBATES, communes, strict=False):
        if Debate.objects.filter(title=spec["title"], is_demo=True).exists():
            continue
        organisation = Organisation.objects.filter(territory=territory).first()
        if organisation is None:
            organisation, _ = Organisation.objects.get_or_create(
                siren=territory.siren,
                defaults={
                    "name": f"Commune de {territory.name}",
                    "kind": OrganisationKind.COLLECTIVITE,
                    "territory": territory,
                },
            )
        departement_code, region_code = territory_locations(territory)
        today = timezone.localdate()
        opened = today - datetime.timedelta(days=40 if spec["status"] != "ouvert" else 7)
        debate = Debate.objects.create(
            organisation=organisation,
            territory=territory,
            departement_code=departement_code,
            region_code=region_code,
            title=spec["title"],
            subject=spec["subject"],
            description="Débat fictif de démonstration : aucune consultation réelle.",
            opens_on=opened,
            closes_on=opened + datetime.timedelta(days=30),
            status=spec["status"],
            synthesis=spec.get("synthesis", ""),
            synthesis_published_at=timezone.now() if spec.get("synthesis") else None,
            is_demo=True,
        )
        path = ["", DebateStatus.DRAFT, DebateStatus.OPEN]
        if spec["status"] == DebateStatus.SYNTHESIS:
            path += [DebateStatus.CLOSED, DebateStatus.SYNTHESIS]
        DebateTransition.objects.bulk_create(
            DebateTransition(debate=debate, from_status=a, to_status=b) for a, b in pairwise(path)
        )
        questions = Question.objects.bulk_create(
            Question(
                debate=debate,
                position=position,
                text=text,
                heard="Des avis nombreux et concordants." if spec.get("synthesis") else "",
                decided="Un plan d’action sera présenté au conseil."
                if spec.get("synthesis")
                else "",
            )
            for position, text in enumerate(spec["questions"], start=1)
        )
        participants = [
            Participant.objects.create(debate=debate, user=None, display_name=name)
            for name in PSEUDONYMS
        ]
        for n, text in enumerate(spec["texts"]):
            contribution = Contribution.objects.create(
                debate=debate,
                participant=participants[n],
                kind=ContributionKind.ANSWER,
                question=questions[n % len(questions)],
                text=text,
                support_count=len(participants) - n - 1,
            )
            Support.objects.bulk_create(
                Support(contribution=contribution, participant=participant)
                for participant in participants[n + 1 :]
            )
        created.append(debate)
    return created
