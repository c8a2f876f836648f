"""The states of the labels: an edition, an application, a juror's score sheet."""

from django.db import models

from territoires.core.workflows import Transition, Workflow


class EditionStatus(models.TextChoices):
    DRAFT = "preparation", "En préparation"
    OPEN = "candidatures", "Appel à candidatures ouvert"
    REVIEW = "preselection", "Présélection régionale"
    FINAL = "finale", "Finale"
    PUBLISHED = "palmares", "Palmarès publié"


# An edition, run by staff from its preparation to its palmarès; each move is final.
EDITION_WORKFLOW = Workflow(
    states=EditionStatus,
    transitions=(
        Transition(
            name="open",
            sources={EditionStatus.DRAFT},
            target=EditionStatus.OPEN,
            label="Ouvrir l’appel à candidatures",
            slug="ouvrir",
            description="La grille de notation sera figée ; les collectivités pourront candidater.",
        ),
        Transition(
            name="close",
            sources={EditionStatus.OPEN},
            target=EditionStatus.REVIEW,
            label="Clore l’appel et lancer la présélection",
            slug="clore",
            description="Les candidatures seront figées et confiées aux jurys régionaux.",
        ),
        Transition(
            name="announce",
            sources={EditionStatus.REVIEW},
            target=EditionStatus.FINAL,
            label="Annoncer les finalistes",
            slug="annoncer",
        ),
        Transition(
            name="publish",
            sources={EditionStatus.FINAL},
            target=EditionStatus.PUBLISHED,
            label="Publier le palmarès",
            slug="publier",
        ),
    ),
    refusal="Une édition à l’état « {current} » ne peut pas passer à l’état « {target} ».",
)


class ApplicationStatus(models.TextChoices):
    DRAFT = "brouillon", "Brouillon"
    SUBMITTED = "deposee", "Déposée"
    ASSIGNED = "en_examen", "En examen par le jury régional"
    FINALIST = "finaliste", "Finaliste"
    NOT_SELECTED = "non_retenue", "Non retenue"
    LAUREATE = "laureate", "Lauréate"
    WITHDRAWN = "retiree", "Retirée"


APPLICATION_WORKFLOW = Workflow(
    states=ApplicationStatus,
    transitions=(
        Transition(
            name="submit",
            sources={ApplicationStatus.DRAFT},
            target=ApplicationStatus.SUBMITTED,
            label="Déposer la candidature",
            slug="deposer",
        ),
        Transition(
            name="assign",
            sources={ApplicationStatus.SUBMITTED},
            target=ApplicationStatus.ASSIGNED,
            label="Confier au jury régional",
            slug="confier",
        ),
        Transition(
            name="withdraw",
            sources={
                ApplicationStatus.DRAFT,
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.ASSIGNED,
                ApplicationStatus.FINALIST,
            },
            target=ApplicationStatus.WITHDRAWN,
            label="Retirer la candidature",
            slug="retirer",
        ),
        Transition(
            name="select",
            sources={ApplicationStatus.ASSIGNED},
            target=ApplicationStatus.FINALIST,
            label="Retenir comme finaliste",
            slug="retenir",
        ),
        Transition(
            name="not_select",
            sources={ApplicationStatus.ASSIGNED},
            target=ApplicationStatus.NOT_SELECTED,
            label="Ne pas retenir",
            slug="ne-pas-retenir",
        ),
        Transition(
            name="award",
            sources={ApplicationStatus.FINALIST},
            target=ApplicationStatus.LAUREATE,
            label="Distinguer",
            slug="distinguer",
        ),
    ),
    refusal="Une candidature à l’état « {current} » ne peut pas passer à l’état « {target} ».",
)


class SheetStatus(models.TextChoices):
    TODO = "a_noter", "À noter"
    SUBMITTED = "notee", "Notée"
    CANCELLED = "annulee", "Affectation retirée"


# A juror's score sheet of one application: scored once, changed until the jury's deadline.
SHEET_WORKFLOW = Workflow(
    states=SheetStatus,
    transitions=(
        Transition(
            name="score",
            sources={SheetStatus.TODO},
            target=SheetStatus.SUBMITTED,
            label="Envoyer ma notation",
            slug="noter",
        ),
        Transition(
            name="rescore",
            sources={SheetStatus.SUBMITTED},
            target=SheetStatus.SUBMITTED,
            label="Modifier ma notation",
            slug="modifier",
        ),
        Transition(
            name="cancel",
            sources={SheetStatus.TODO},
            target=SheetStatus.CANCELLED,
            label="Retirer l’affectation",
            slug="retirer",
        ),
        Transition(
            name="reassign",
            sources={SheetStatus.CANCELLED},
            target=SheetStatus.TODO,
            label="Confier à nouveau",
            slug="confier",
        ),
    ),
    refusal="Une fiche de notation à l’état « {current} » ne peut pas passer à l’état "
    "« {target} ».",
)


class JurorKind(models.TextChoices):
    AGENT = "agent", "Agent public (ProConnect)"
    EXPERT = "expert", "Expert (FranceConnect)"


class AwardKind(models.TextChoices):
    LABEL = "label", "Label Territoire Innovant"
    MENTION = "mention", "Mention du jury"


class BudgetBand(models.TextChoices):
    UNDER_10K = "moins_10k", "Moins de 10 000 €"
    UNDER_50K = "10k_50k", "De 10 000 à 50 000 €"
    UNDER_200K = "50k_200k", "De 50 000 à 200 000 €"
    UNDER_1M = "200k_1m", "De 200 000 € à 1 million d’euros"
    OVER_1M = "plus_1m", "Plus de 1 million d’euros"


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "Document PDF"
    PNG = "png", "Image PNG"
    JPEG = "jpeg", "Image JPEG"
    WEBP = "webp", "Image WebP"
