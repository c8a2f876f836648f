"""The catalogue of communs, who uses them, and the experience reports.

A ``Commun`` is a shared solution (free software, shared service, method, data schema…);
a ``Usage`` says that an organisation uses it; an ``ExperienceReport`` tells how one or
several organisations (its co-authors) used some communs. Fiches and reports move through
the workflows of ``enums``; every saved version of a fiche is kept in ``CommunVersion``.
``CommunWord`` and ``ReportWord`` hold the stemmed words of each fiche and report with the
weight of the field they come from; the search reads them through an index in memory
(``word_index``), kept in step by ``SearchChange``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from territoires.commons.enums import (
    COMMUN_WORKFLOW,
    REPORT_WORKFLOW,
    BudgetBand,
    CommunKind,
    CommunStatus,
    ContactStatus,
    HostingMode,
    Maturity,
    ReportStatus,
    Visibility,
)
from territoires.core.workflows import TransitionLog


class CommunQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CommunStatus.PUBLISHED)

    def listed(self):
        """Fiches a visitor may open: published or archived (an archived one stays readable)."""
        return self.filter(status__in=[CommunStatus.PUBLISHED, CommunStatus.ARCHIVED])


class Commun(models.Model):
    """A shared solution that collectivités use, with its page at a stable slug."""

    slug = models.SlugField("identifiant", max_length=120, unique=True)
    name = models.CharField("nom", max_length=150)
    kind = models.CharField("type de commun", max_length=20, choices=CommunKind.choices)
    summary = models.CharField("résumé en une phrase", max_length=300)
    description = models.TextField("description", blank=True)
    axes = models.JSONField("axes de l’observatoire", default=list, blank=True)
    licence = models.CharField("licence (identifiant SPDX)", max_length=60, blank=True)
    website = models.URLField("site officiel", max_length=300, blank=True)
    repository = models.URLField("dépôt des sources", max_length=300, blank=True)
    documentation = models.URLField("documentation", max_length=300, blank=True)
    maturity = models.CharField(
        "maturité", max_length=20, choices=Maturity.choices, default=Maturity.PRODUCTION
    )
    maintainers = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="maintained_communs",
        verbose_name="organisations qui le maintiennent ou le fournissent",
    )
    referents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="referent_of_communs",
        verbose_name="référents qui acceptent de répondre aux questions",
    )
    status = models.CharField(
        "état", max_length=20, choices=CommunStatus.choices, default=CommunStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="proposée par",
    )
    proposed_for = models.ForeignKey(
        "accounts.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="proposée au nom de",
    )
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="fusionnée dans",
    )
    # « Fiche initiale, à compléter par ses utilisateurs »: loaded from the catalogue file,
    # which never overwrites a fiche once it has been edited on the platform.
    is_initial = models.BooleanField("fiche initiale", default=False)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    updated_at = models.DateTimeField("modifiée le", default=timezone.now)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    # Public usages of the fiche: the search's second key, kept by the usage services.
    users_count = models.PositiveIntegerField("nombre d’utilisateurs publics", default=0)

    workflow = COMMUN_WORKFLOW
    objects = CommunQuerySet.as_manager()

    class Meta:
        verbose_name = "commun"
        verbose_name_plural = "communs"
        ordering = ["name"]
        # What the search ranks by, read without the wide row (its description).
        indexes = [
            models.Index(fields=["id", "status", "users_count", "slug"], name="commons_commun_rank")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commons:commun", kwargs={"slug": self.slug})


class HostingOffer(models.Model):
    """One way to get the commun running: self-hosted, or hosted by an OPSN or a company."""

    commun = models.ForeignKey(
        Commun, models.CASCADE, related_name="hosting_offers", verbose_name="commun"
    )
    mode = models.CharField("hébergement", max_length=20, choices=HostingMode.choices)
    provider = models.CharField("qui l’héberge", max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation membre qui l’héberge",
    )
    url = models.URLField("page de l’offre", max_length=300, blank=True)

    class Meta:
        verbose_name = "offre d’hébergement"
        verbose_name_plural = "offres d’hébergement"
        ordering = ["mode", "provider"]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.provider}".strip()


class CommunTransition(TransitionLog):
    commun = models.ForeignKey(
        Commun, models.CASCADE, related_name="transitions", verbose_name="commun"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’une fiche"
        verbose_name_plural = "étapes des fiches"


class CommunVersion(models.Model):
    """A saved version of a fiche: who, when, the fields it changed and their new values."""

    commun = models.ForeignKey(
        Commun, models.CASCADE, related_name="versions", verbose_name="commun"
    )
    number = models.PositiveIntegerField("version")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    created_at = models.DateTimeField("le", default=timezone.now)
    # The fiche's fields as saved (``services.commun_snapshot``).
    data = models.JSONField("contenu")
    # French labels of the fields that differ from the previous version.
    changed = models.JSONField("champs modifiés", default=list)
    comment = models.CharField("commentaire", max_length=300, blank=True)

    class Meta:
        verbose_name = "version d’une fiche"
        verbose_name_plural = "versions des fiches"
        ordering = ["commun", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["commun", "number"], name="commun_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.commun} v{self.number}"


class UsageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Public usages for everyone; usages for members to signed-in members of the
        platform (any organisation) and staff."""
        if (
            user.is_authenticated
            and user.is_active
            and (user.is_staff or user.memberships.exists())
        ):
            return self
        return self.public()


class Usage(models.Model):
    """An organisation uses a commun: one row per organisation and commun."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.CASCADE,
        related_name="commun_usages",
        verbose_name="organisation",
    )
    commun = models.ForeignKey(Commun, models.CASCADE, related_name="usages", verbose_name="commun")
    since_year = models.PositiveSmallIntegerField("utilisé depuis", null=True, blank=True)
    purpose = models.TextField("pour quoi faire", blank=True)
    users_count = models.PositiveIntegerField(
        "nombre d’utilisateurs ou d’agents", null=True, blank=True
    )
    hosted_by = models.CharField("hébergé par", max_length=200, blank=True)
    visibility = models.CharField(
        "visibilité", max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    contactable = models.BooleanField("vous pouvez nous contacter", default=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déclaré par",
    )
    created_at = models.DateTimeField("déclaré le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)

    objects = UsageQuerySet.as_manager()

    class Meta:
        verbose_name = "usage"
        verbose_name_plural = "usages"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "commun"], name="usage_unique_organisation_commun"
            )
        ]
        # The users of a commun read from the index alone (the help on a gap, the pages).
        indexes = [models.Index(fields=["commun", "visibility", "organisation"])]

    def __str__(self) -> str:
        return f"{self.organisation} utilise {self.commun}"


class ExperienceReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def listed(self):
        return self.filter(status__in=[ReportStatus.PUBLISHED, ReportStatus.ARCHIVED])


class ExperienceReport(models.Model):
    """A *retour d'expérience*, written by one or several organisations (its co-authors)."""

    slug = models.SlugField("identifiant", max_length=160, unique=True)
    title = models.CharField("titre", max_length=200)
    authors = models.ManyToManyField(
        "accounts.Organisation",
        related_name="experience_reports",
        verbose_name="organisations autrices",
    )
    communs = models.ManyToManyField(
        Commun, blank=True, related_name="reports", verbose_name="communs utilisés"
    )
    context = models.TextField("contexte", blank=True)
    problem = models.TextField("problème à résoudre")
    steps = models.TextField("étapes", blank=True)
    duration = models.CharField("durée", max_length=100, blank=True)
    budget_band = models.CharField("budget", max_length=20, choices=BudgetBand.choices, blank=True)
    team = models.CharField("équipe", max_length=300, blank=True)
    results = models.TextField("résultats, avec des chiffres", blank=True)
    difficulties = models.TextField("difficultés", blank=True)
    advice = models.TextField("conseils", blank=True)
    axes = models.JSONField("axes de l’observatoire", default=list, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rédigé par",
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", default=timezone.now)
    published_at = models.DateTimeField("publié le", null=True, blank=True)

    workflow = REPORT_WORKFLOW
    objects = ExperienceReportQuerySet.as_manager()

    # The Markdown fields, in the order of the page.
    MARKDOWN_FIELDS = ("context", "problem", "steps", "results", "difficulties", "advice")

    class Meta:
        verbose_name = "retour d’expérience"
        verbose_name_plural = "retours d’expérience"
        ordering = ["-published_at", "-created_at"]
        # What the search ranks by, read without the wide row (its texts).
        indexes = [
            models.Index(
                fields=["id", "status", "published_at", "slug"], name="commons_report_rank"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commons:report", kwargs={"slug": self.slug})


class ExperienceReportTransition(TransitionLog):
    report = models.ForeignKey(
        ExperienceReport,
        models.CASCADE,
        related_name="transitions",
        verbose_name="retour d’expérience",
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’un retour d’expérience"
        verbose_name_plural = "étapes des retours d’expérience"


class SearchWord(models.Model):
    """A stemmed word a fiche or report is found by, with the weight of its field."""

    word = models.CharField("mot", max_length=60)
    weight = models.PositiveSmallIntegerField("poids")

    class Meta:
        abstract = True


class CommunWord(SearchWord):
    # Indexed first in the facets' index below.
    commun = models.ForeignKey(Commun, models.CASCADE, related_name="+", db_index=False)

    class Meta:
        verbose_name = "mot de recherche d’un commun"
        verbose_name_plural = "mots de recherche des communs"
        # Both read from the index alone: the fiches of a word with its weight (the similar
        # names shown before a proposal), and the words of a fiche.
        indexes = [
            models.Index(
                fields=["word", "commun", "weight"],
                name="commons_communword_search",
                opclasses=["varchar_pattern_ops", "int8_ops", "int2_ops"],
            ),
            models.Index(fields=["commun", "weight", "word"], name="commons_communword_facets"),
        ]

    def __str__(self) -> str:
        return self.word


class ReportWord(SearchWord):
    report = models.ForeignKey(ExperienceReport, models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "mot de recherche d’un retour d’expérience"
        verbose_name_plural = "mots de recherche des retours d’expérience"

    def __str__(self) -> str:
        return self.word


class SearchGeneration(models.Model):
    """The number of the last change of the search words (one row): taken and raised under
    a lock in the transaction of the change, so that the changes are numbered in the order
    of their commits."""

    value = models.PositiveBigIntegerField("numéro", default=0)

    class Meta:
        verbose_name = "numéro des changements de la recherche"
        verbose_name_plural = "numéros des changements de la recherche"

    def __str__(self) -> str:
        return str(self.value)


class SearchChange(models.Model):
    """A fiche or a report whose search words were written anew, numbered by
    ``SearchGeneration``: what each process's index in memory (``word_index``) reads to stay
    in step. The token tells one change from another of the same number (a rolled back one)."""

    class Kind(models.TextChoices):
        COMMUN = "commun", "fiche"
        REPORT = "report", "retour d’expérience"
        # Words written in bulk (a benchmark's catalogue): everything is read again.
        ALL = "all", "tout"

    generation = models.PositiveBigIntegerField("numéro", primary_key=True)
    token = models.CharField("jeton", max_length=16)
    kind = models.CharField("objet", max_length=6, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField("identifiant", null=True)

    class Meta:
        verbose_name = "changement de la recherche"
        verbose_name_plural = "changements de la recherche"

    def __str__(self) -> str:
        return f"{self.generation} : {self.kind} {self.object_id}"


class StratumUse(models.Model):
    """Which and how many collectivités of a stratum use in public a published commun serving
    an axis, written with the fiche's search words (``search_index``): the help on a gap reads
    its ranking and the users of the communs it shows in a few rows instead of every usage of
    the stratum."""

    stratum = models.CharField("strate", max_length=40)
    axis = models.CharField("axe", max_length=10)
    commun = models.ForeignKey(Commun, models.CASCADE, related_name="+")
    users = models.PositiveIntegerField("nombre de collectivités utilisatrices")
    # Their territories' ids: the help reads their scores without reading the usages.
    territories = models.JSONField("collectivités utilisatrices", default=list)

    class Meta:
        verbose_name = "usage d’un commun par strate et par axe"
        verbose_name_plural = "usages des communs par strate et par axe"
        constraints = [
            models.UniqueConstraint(
                fields=["stratum", "axis", "commun"], name="commons_stratumuse_unique"
            )
        ]
        # The ranking of a stratum on an axis, read in its order.
        indexes = [
            models.Index(
                fields=["stratum", "axis", "-users", "commun"], name="commons_stratumuse_rank"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commun_id} {self.stratum} {self.axis} : {self.users}"


class ContactMessage(models.Model):
    """A message sent through the platform to a user organisation or a referent of a commun.

    The sender's address goes to the recipient alone, in the e-mail; the platform keeps the
    message as a log, and the recipient may report it as abusive.
    """

    commun = models.ForeignKey(
        Commun, models.CASCADE, related_name="contact_messages", verbose_name="commun"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="expéditeur",
    )
    # One recipient, checked by the service: a usage (its organisation's members) or a
    # referent.
    usage = models.ForeignKey(
        Usage, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="usage"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="référent",
    )
    body = models.TextField("message")
    status = models.CharField(
        "état", max_length=10, choices=ContactStatus.choices, default=ContactStatus.SENT
    )
    created_at = models.DateTimeField("envoyé le", default=timezone.now)
    reported_at = models.DateTimeField("signalé le", null=True, blank=True)
    report_reason = models.TextField("motif du signalement", blank=True)

    class Meta:
        verbose_name = "message de contact"
        verbose_name_plural = "messages de contact"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Message du {self.created_at:%d/%m/%Y} sur {self.commun}"
