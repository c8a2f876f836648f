"""The debates' vocabularies and workflows, declared as data (core.workflows)."""

from django.db import models

from territoires.core.workflows import Transition, Workflow


class Subject(models.TextChoices):
    MOBILE = "5g", "5G et couverture mobile"
    RESPONSIBLE = "numerique_responsable", "Numérique responsable"
    DATA = "donnees_publiques", "Données publiques"
    INCLUSION = "inclusion_numerique", "Inclusion numérique"
    VIDEO = "videoprotection", "Vidéoprotection"
    ONLINE_SERVICES = "services_en_ligne", "Services en ligne"
    OTHER = "autre", "Autre sujet"


class DebateStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    OPEN = "ouvert", "Ouvert aux contributions"
    CLOSED = "clos", "Clos"
    SYNTHESIS = "synthese", "Synthèse publiée"


# Prepared in private, opened to contributions, closed, then answered by a public synthesis.
DEBATE_WORKFLOW = Workflow(
    states=DebateStatus,
    transitions=(
        Transition(
            name="open",
            sources={DebateStatus.DRAFT},
            target=DebateStatus.OPEN,
            label="Ouvrir le débat",
            slug="ouvrir",
            description=(
                "Le débat deviendra public : toute personne connectée pourra contribuer jusqu’à "
                "sa clôture. Ses questions ne pourront plus être modifiées."
            ),
        ),
        Transition(
            name="close",
            sources={DebateStatus.OPEN},
            target=DebateStatus.CLOSED,
            label="Clore le débat",
            slug="clore",
            description=(
                "Plus aucune contribution ni aucun soutien ne sera accepté. Vous pourrez ensuite "
                "rédiger et publier la synthèse."
            ),
        ),
        Transition(
            name="publish_synthesis",
            sources={DebateStatus.CLOSED},
            target=DebateStatus.SYNTHESIS,
            label="Publier la synthèse",
            slug="publier-la-synthese",
            description=(
                "La synthèse deviendra publique et chaque participant en sera informé par "
                "courriel. Cette étape est définitive."
            ),
        ),
    ),
    refusal="Un débat à l’état « {current} » ne peut pas passer à l’état « {target} ».",
)

PUBLIC_STATUSES = (DebateStatus.OPEN, DebateStatus.CLOSED, DebateStatus.SYNTHESIS)


class ContributionKind(models.TextChoices):
    ANSWER = "reponse", "Réponse à une question"
    IDEA = "idee", "Idée"
    REPLY = "commentaire", "Réponse dans un fil"


class ContributionStatus(models.TextChoices):
    VISIBLE = "visible", "Visible"
    HIDDEN = "masquee", "Masquée par la modération"


# Moderation: the collectivité's members or the network's staff hide a contribution with a
# reason shown in its place, and may show it again; nothing is deleted.
MODERATION_WORKFLOW = Workflow(
    states=ContributionStatus,
    transitions=(
        Transition(
            name="hide",
            sources={ContributionStatus.VISIBLE},
            target=ContributionStatus.HIDDEN,
            label="Masquer la contribution",
            slug="masquer",
        ),
        Transition(
            name="restore",
            sources={ContributionStatus.HIDDEN},
            target=ContributionStatus.VISIBLE,
            label="Rétablir la contribution",
            slug="retablir",
        ),
    ),
    refusal="Cette contribution est déjà « {current} ».",
)
