"""Local debates: a collectivité asks the public questions on a digital subject, people who
signed in contribute under a pseudonym, and the collectivité publishes what it heard.

A person takes part in a debate as a :class:`Participant` (the charter accepted, the name
shown chosen); their contributions, supports and the edits of their texts hang on it, never
on their account directly, so that deleting the account anonymises them in one place.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from territoires.core.workflows import TransitionLog
from territoires.debates.enums import (
    DEBATE_WORKFLOW,
    MODERATION_WORKFLOW,
    PUBLIC_STATUSES,
    ContributionKind,
    ContributionStatus,
    DebateStatus,
    Subject,
)

QUESTIONS_MAX = 5
CONTRIBUTION_MAX_LENGTH = 5_000
# How long an author may still correct a contribution; each edit keeps the former text.
EDIT_WINDOW = timedelta(minutes=30)
ANONYMOUS_NAME = "Participant anonymisé"
DEMO_LABEL = "Données de démonstration"

DEFAULT_CHARTER = """Ce débat est un espace d’expression publique ouvert par la collectivité.

- Je reste courtois et respectueux des autres participants.
- Je m’exprime sur le sujet du débat et je n’y publie aucune donnée personnelle (adresse, téléphone, nom d’un tiers).
- Je n’y publie aucun propos injurieux, diffamatoire, discriminatoire ou contraire à la loi.
- J’accepte que ma contribution soit publiée sous le nom que je choisis, puis diffusée sans ce nom en données ouvertes après la clôture du débat.
- La collectivité peut masquer une contribution contraire à cette charte ; le motif reste affiché à sa place."""  # noqa: E501


class DebateQuerySet(models.QuerySet):
    def public(self):
        """Debates anyone may read: every one but the drafts."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def visible_to(self, user, organisation_ids=()):
        """The public debates, and the drafts of the organisations in ``organisation_ids``."""
        return self.filter(Q(status__in=PUBLIC_STATUSES) | Q(organisation_id__in=organisation_ids))


class Debate(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="debates",
        verbose_name="collectivité",
    )
    territory = models.ForeignKey(
        "geo.Territory", models.PROTECT, related_name="debates", verbose_name="territoire"
    )
    # The département and région of the territory, for the filters and the map.
    departement_code = models.CharField("code du département", max_length=3, blank=True)
    region_code = models.CharField("code de la région", max_length=3, blank=True)
    title = models.CharField("titre", max_length=200)
    subject = models.CharField("sujet", max_length=30, choices=Subject.choices)
    description = models.TextField("présentation", blank=True)
    charter = models.TextField("charte de participation", default=DEFAULT_CHARTER)
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("clôture")
    status = models.CharField(
        "état", max_length=20, choices=DebateStatus.choices, default=DebateStatus.DRAFT
    )
    kit = models.ForeignKey(
        "commons.Commun",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="debates",
        verbose_name="kit de concertation réutilisé",
    )
    shared_kit = models.ForeignKey(
        "commons.Commun",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="publié comme kit",
    )
    shared_report = models.ForeignKey(
        "commons.ExperienceReport",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="publié comme retour d’expérience",
    )
    meetings = models.ManyToManyField(
        "events.Event", blank=True, related_name="debates", verbose_name="réunions publiques"
    )
    synthesis = models.TextField("synthèse", blank=True)
    synthesis_published_at = models.DateTimeField("synthèse publiée le", null=True, blank=True)
    is_demo = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créé par",
    )

    workflow = DEBATE_WORKFLOW
    objects = DebateQuerySet.as_manager()

    class Meta:
        verbose_name = "débat"
        verbose_name_plural = "débats"
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="debate_closes_after_opening",
            )
        ]
        indexes = [models.Index(fields=["status", "subject"], name="debate_status_subject")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("debates:debate", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status == DebateStatus.OPEN

    @property
    def demo_label(self) -> str:
        return DEMO_LABEL if self.is_demo else ""


class DebateTransition(TransitionLog):
    debate = models.ForeignKey(
        Debate, models.CASCADE, related_name="transitions", verbose_name="débat"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’un débat"
        verbose_name_plural = "étapes des débats"


class Question(models.Model):
    """A question asked to the public, and after closing what the collectivité heard and
    decides on it."""

    debate = models.ForeignKey(
        Debate, models.CASCADE, related_name="questions", verbose_name="débat"
    )
    position = models.PositiveSmallIntegerField("rang")
    text = models.CharField("question", max_length=300)
    heard = models.TextField("ce que nous avons entendu", blank=True)
    decided = models.TextField("ce que nous décidons", blank=True)

    class Meta:
        verbose_name = "question"
        verbose_name_plural = "questions"
        ordering = ["debate", "position"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "position"], name="question_unique_position")
        ]

    def __str__(self) -> str:
        return self.text


def document_path(document: "Document", file_name: str) -> str:
    return f"debats/{document.debate_id}/{file_name}"


class Document(models.Model):
    """A context document: a link, a commun of the catalogue, or a file checked on upload."""

    debate = models.ForeignKey(
        Debate, models.CASCADE, related_name="documents", verbose_name="débat"
    )
    title = models.CharField("titre", max_length=200)
    url = models.URLField("adresse", max_length=500, blank=True)
    commun = models.ForeignKey(
        "commons.Commun",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="debate_documents",
        verbose_name="commun",
    )
    file = models.FileField("fichier", upload_to=document_path, max_length=300, blank=True)
    media_type = models.CharField("type de fichier", max_length=100, blank=True)
    size = models.PositiveIntegerField("taille en octets", default=0)
    created_at = models.DateTimeField("ajouté le", default=timezone.now)

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["debate", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="") & Q(commun__isnull=True))
                | (~Q(url="") & Q(file="") & Q(commun__isnull=True))
                | (Q(url="") & Q(file="") & Q(commun__isnull=False)),
                name="document_link_file_or_commun",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.url:
            return self.url
        if self.commun_id:
            return self.commun.get_absolute_url()
        return reverse("debates:document", args=[self.debate_id, self.pk])


class Participant(models.Model):
    """A person taking part in a debate: the charter accepted once, the name shown chosen.

    ``user`` is emptied and ``display_name`` replaced when the person deletes their account.
    """

    debate = models.ForeignKey(
        Debate, models.CASCADE, related_name="participants", verbose_name="débat"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="debate_participations",
        verbose_name="personne",
    )
    display_name = models.CharField("nom affiché", max_length=60)
    charter_accepted_at = models.DateTimeField("charte acceptée le", default=timezone.now)
    synthesis_notified_at = models.DateTimeField("informé de la synthèse le", null=True, blank=True)

    class Meta:
        verbose_name = "participant"
        verbose_name_plural = "participants"
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "user"], name="participant_unique_debate_user"
            )
        ]

    def __str__(self) -> str:
        return self.display_name


class ContributionQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)


class Contribution(models.Model):
    """An answer to a question, an idea, or a reply in a contribution's thread."""

    debate = models.ForeignKey(
        Debate, models.CASCADE, related_name="contributions", verbose_name="débat"
    )
    participant = models.ForeignKey(
        Participant, models.CASCADE, related_name="contributions", verbose_name="auteur"
    )
    kind = models.CharField("nature", max_length=20, choices=ContributionKind.choices)
    question = models.ForeignKey(
        Question,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name="question",
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name="en réponse à",
    )
    text = models.TextField("texte")
    status = models.CharField(
        "état",
        max_length=20,
        choices=ContributionStatus.choices,
        default=ContributionStatus.VISIBLE,
    )
    hidden_reason = models.TextField("motif du masquage", blank=True)
    support_count = models.PositiveIntegerField("soutiens", default=0)
    created_at = models.DateTimeField("publiée le", default=timezone.now)
    edited_at = models.DateTimeField("modifiée le", null=True, blank=True)
    answer = models.TextField("réponse de la collectivité", blank=True)
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)

    workflow = MODERATION_WORKFLOW
    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = "contribution"
        verbose_name_plural = "contributions"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["debate", "-created_at", "-id"],
                condition=Q(parent__isnull=True),
                name="contribution_debate_recent",
            ),
            models.Index(fields=["parent", "created_at"], name="contribution_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.text[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.status == ContributionStatus.HIDDEN

    @property
    def editable_until(self):
        return self.created_at + EDIT_WINDOW


class ContributionTransition(TransitionLog):
    """The moderation log: a contribution hidden or shown again, by whom, with the reason."""

    contribution = models.ForeignKey(
        Contribution, models.CASCADE, related_name="transitions", verbose_name="contribution"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "décision de modération"
        verbose_name_plural = "journal de modération"


class ContributionRevision(models.Model):
    """A former text of an edited contribution."""

    contribution = models.ForeignKey(
        Contribution, models.CASCADE, related_name="revisions", verbose_name="contribution"
    )
    text = models.TextField("texte antérieur")
    replaced_at = models.DateTimeField("remplacé le", default=timezone.now)

    class Meta:
        verbose_name = "version antérieure"
        verbose_name_plural = "versions antérieures"
        ordering = ["contribution", "replaced_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contribution} (version du {self.replaced_at:%d/%m/%Y %H:%M})"


class Support(models.Model):
    """One participant's support of one contribution: once, whatever the concurrent clicks."""

    contribution = models.ForeignKey(
        Contribution, models.CASCADE, related_name="supports", verbose_name="contribution"
    )
    participant = models.ForeignKey(
        Participant, models.CASCADE, related_name="supports", verbose_name="participant"
    )
    created_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "soutien"
        verbose_name_plural = "soutiens"
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "participant"], name="support_once_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} soutient {self.contribution_id}"


class Report(models.Model):
    """A signed-in person's report of a contribution to the moderators."""

    contribution = models.ForeignKey(
        Contribution, models.CASCADE, related_name="reports", verbose_name="contribution"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="signalée par",
    )
    reason = models.TextField("motif")
    created_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "signalement"
        verbose_name_plural = "signalements"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reporter"], name="report_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Signalement de la contribution {self.contribution_id}"
