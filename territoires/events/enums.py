"""The words of the agenda: kinds of events, their workflow, registration, accessibility."""

from django.db import models

from territoires.core.workflows import Transition, Workflow


class EventKind(models.TextChoices):
    INTERCOTOUR = "intercotour", "Étape de l’IntercoTOUR"
    FORUM = "forum", "Forum des Interconnectés"
    TRAINING = "formation", "Formation"
    CONFERENCE = "colloque", "Colloque"
    WEBINAR = "webinaire", "Webinaire"
    WORKSHOP = "atelier", "Atelier"
    COMMISSION = "commission", "Réunion de commission"


class EventStatus(models.TextChoices):
    PROPOSED = "propose", "Proposé"
    REFUSED = "refuse", "Refusé"
    SCHEDULED = "programme", "Programmé"
    RESCHEDULED = "reporte", "Reporté"
    CANCELLED = "annule", "Annulé"


# Statuses in which an event is public: published, never deleted afterwards.
PUBLISHED_STATUSES = (EventStatus.SCHEDULED, EventStatus.RESCHEDULED, EventStatus.CANCELLED)

# Proposed by a member organisation, published or refused by staff; a published event may be
# rescheduled (its new sessions) and cancelled, and keeps its page whatever happens.
EVENT_WORKFLOW = Workflow(
    states=EventStatus,
    transitions=(
        Transition(
            name="publish",
            sources={EventStatus.PROPOSED},
            target=EventStatus.SCHEDULED,
            label="Publier l’événement",
            slug="publier",
            description="L’événement paraît dans l’agenda et les inscriptions s’ouvrent "
            "aux dates prévues.",
        ),
        Transition(
            name="refuse",
            sources={EventStatus.PROPOSED},
            target=EventStatus.REFUSED,
            label="Refuser l’événement",
            slug="refuser",
            description="L’organisateur reçoit le motif du refus par courriel.",
        ),
        Transition(
            name="reschedule",
            sources={EventStatus.SCHEDULED, EventStatus.RESCHEDULED},
            target=EventStatus.RESCHEDULED,
            label="Reporter l’événement",
            slug="reporter",
            description="Les nouvelles dates remplacent les anciennes ; chaque inscrit en est "
            "informé par courriel.",
        ),
        Transition(
            name="cancel",
            sources={EventStatus.SCHEDULED, EventStatus.RESCHEDULED},
            target=EventStatus.CANCELLED,
            label="Annuler l’événement",
            slug="annuler",
            description="La page de l’événement reste en ligne avec la mention « annulé » ; "
            "chaque inscrit en est informé par courriel.",
        ),
    ),
    refusal="Un événement {current} ne peut pas passer à l’état « {target} ».",
)


class Audience(models.TextChoices):
    PUBLIC = "public", "Ouvert à tous"
    AGENTS = "agents", "Réservé aux agents et élus (ProConnect)"


class RegistrationMode(models.TextChoices):
    NONE = "aucune", "Sans inscription"
    PLATFORM = "plateforme", "Inscription sur la plateforme"
    EXTERNAL = "externe", "Inscription sur un autre site"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmee", "Confirmée"
    WAITING = "attente", "En liste d’attente"
    CANCELLED = "annulee", "Annulée"


# The five kinds of handicap of OpenAgenda's accessibility information.
class Accessibility(models.TextChoices):
    AUDITORY = "auditif", "Handicap auditif"
    VISUAL = "visuel", "Handicap visuel"
    PHYSICAL = "moteur", "Handicap moteur"
    MENTAL = "mental", "Handicap mental"
    PSYCHIC = "psychique", "Handicap psychique"


class HalfDay(models.TextChoices):
    MORNING = "matin", "Matin"
    AFTERNOON = "apres-midi", "Après-midi"
