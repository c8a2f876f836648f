"""Labels Territoires Innovants: editions, their grid, applications, juries and score sheets."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from territoires.awards.enums import (
    APPLICATION_WORKFLOW,
    EDITION_WORKFLOW,
    SHEET_WORKFLOW,
    ApplicationStatus,
    AttachmentKind,
    AwardKind,
    BudgetBand,
    EditionStatus,
    JurorKind,
    SheetStatus,
)
from territoires.core.workflows import TransitionLog

MARK_MIN, MARK_MAX = 0, 5


class EditionQuerySet(models.QuerySet):
    def public(self):
        """Every edition past its preparation: its page, rules and calendar are public."""
        return self.exclude(status=EditionStatus.DRAFT)

    def published(self):
        return self.filter(status=EditionStatus.PUBLISHED)


class Edition(models.Model):
    """One year of the labels, run by staff from the call for applications to the palmarès."""

    year = models.PositiveSmallIntegerField("année", unique=True)
    title = models.CharField("titre", max_length=200)
    rules = models.TextField("règlement (Markdown)", blank=True)
    status = models.CharField(
        "état", max_length=20, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    call_opens_at = models.DateTimeField("ouverture de l’appel à candidatures")
    call_closes_at = models.DateTimeField("clôture de l’appel à candidatures")
    preselection_at = models.DateTimeField("fin de la présélection régionale")
    finalists_at = models.DateTimeField("annonce des finalistes")
    final_at = models.DateTimeField("finale au Forum des Interconnectés")
    results_at = models.DateTimeField("publication des résultats")
    finalists_count = models.PositiveSmallIntegerField("nombre de finalistes", default=25)
    exclude_territory_conflicts = models.BooleanField(
        "exclure les jurés du territoire, de ceux qui le contiennent et de ceux qu’il contient",
        default=True,
    )
    public_vote = models.BooleanField("prix du public", default=False)
    publish_score_sheets = models.BooleanField(
        "publier les fiches de notation agrégées et anonymes des finalistes", default=False
    )
    deliberation = models.TextField("délibération du jury national", blank=True)
    is_demo = models.BooleanField("données de démonstration", default=False)
    created_at = models.DateTimeField("créée le", default=timezone.now)

    workflow = EDITION_WORKFLOW
    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "édition des labels"
        verbose_name_plural = "éditions des labels"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:edition", kwargs={"year": self.year})

    @property
    def grid_frozen(self) -> bool:
        """The scoring grid and the categories change only while the edition is prepared."""
        return self.status != EditionStatus.DRAFT

    def call_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == EditionStatus.OPEN and self.call_opens_at <= now < self.call_closes_at

    @property
    def calendar(self) -> list[tuple[str, object, object]]:
        """The steps of the edition, in order: (French label, date, agenda event or None)."""
        events = {link.step: link.event for link in self.event_links.all()}
        return [(Step(step).label, getattr(self, step), events.get(step)) for step in Step.values]


class Step(models.TextChoices):
    """The calendar's steps, named after the edition's date fields."""

    CALL_OPENS = "call_opens_at", "Ouverture de l’appel à candidatures"
    CALL_CLOSES = "call_closes_at", "Clôture de l’appel à candidatures"
    PRESELECTION = "preselection_at", "Présélection régionale lors des étapes de l’IntercoTOUR"
    FINALISTS = "finalists_at", "Annonce des finalistes"
    FINAL = "final_at", "Finale au Forum des Interconnectés"
    RESULTS = "results_at", "Publication des résultats"


class EditionEvent(models.Model):
    """A step of an edition's calendar and its event in the agenda (the final: the Forum)."""

    edition = models.ForeignKey(
        Edition, models.CASCADE, related_name="event_links", verbose_name="édition"
    )
    step = models.CharField("étape", max_length=20, choices=Step.choices)
    event = models.ForeignKey(
        "events.Event", models.CASCADE, related_name="+", verbose_name="événement"
    )

    class Meta:
        verbose_name = "événement d’une étape"
        verbose_name_plural = "événements des étapes"
        constraints = [
            models.UniqueConstraint(fields=["edition", "step"], name="award_event_once_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} : {self.event}"


class EditionTransition(TransitionLog):
    edition = models.ForeignKey(
        Edition, models.CASCADE, related_name="transitions", verbose_name="édition"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’une édition"
        verbose_name_plural = "étapes des éditions"


class Category(models.Model):
    edition = models.ForeignKey(
        Edition, models.CASCADE, related_name="categories", verbose_name="édition"
    )
    name = models.CharField("nom", max_length=120)
    quota = models.PositiveSmallIntegerField("nombre maximal de finalistes", null=True, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "catégorie"
        verbose_name_plural = "catégories"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="award_category_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A criterion of the scoring grid, marked from 0 to 5, each mark described."""

    edition = models.ForeignKey(
        Edition, models.CASCADE, related_name="criteria", verbose_name="édition"
    )
    name = models.CharField("nom", max_length=120)
    description = models.TextField("description", blank=True)
    weight = models.PositiveSmallIntegerField(
        "pondération", default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    mandatory = models.BooleanField("obligatoire", default=True)
    # The description of each mark, from 0 to 5 (six texts).
    marks = models.JSONField("description de chaque note", default=list)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "critère"
        verbose_name_plural = "critères"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="award_criterion_unique_name"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="award_criterion_weight"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scale(self) -> list[tuple[int, str]]:
        return list(enumerate(self.marks))


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        """Deposited and not withdrawn: every application a jury sees."""
        return self.exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])

    def laureates(self):
        return self.filter(status=ApplicationStatus.LAUREATE)

    def finalists(self):
        return self.filter(status__in=[ApplicationStatus.FINALIST, ApplicationStatus.LAUREATE])

    def of_organisation(self, organisation_id: int):
        return self.filter(
            Q(organisation_id=organisation_id) | Q(co_applicants__id=organisation_id)
        ).distinct()


class Application(models.Model):
    """A collectivité's project (with its co-applicants) in one edition."""

    edition = models.ForeignKey(
        Edition, models.CASCADE, related_name="applications", verbose_name="édition"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.PROTECT,
        related_name="award_applications",
        verbose_name="collectivité candidate",
    )
    co_applicants = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="+", verbose_name="co-candidates"
    )
    # The région of the lead collectivité: its application goes to that regional stage.
    region = models.ForeignKey(
        "geo.Territory", models.PROTECT, related_name="+", verbose_name="région"
    )
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="applications", verbose_name="catégorie"
    )
    title = models.CharField("titre du projet", max_length=200)
    # The title reduced to its letters and digits: one application per project and collectivité.
    project_key = models.CharField(max_length=200, editable=False)
    summary = models.TextField("résumé", max_length=1000, blank=True)
    description = models.TextField("description du projet", blank=True)
    context = models.TextField("contexte", blank=True)
    results = models.TextField("résultats, avec des chiffres", blank=True)
    budget_band = models.CharField("budget", max_length=20, choices=BudgetBand.choices, blank=True)
    partners = models.TextField("partenaires", blank=True)
    communs = models.ManyToManyField(
        "commons.Commun", blank=True, related_name="+", verbose_name="communs utilisés"
    )
    # The draft experience report a laureate's project became, in the catalogue of communs.
    report = models.ForeignKey(
        "commons.ExperienceReport",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="retour d’expérience",
    )
    video_url = models.URLField("lien vers une vidéo", blank=True)
    website_url = models.URLField("site internet du projet", blank=True)
    agrees_to_publication = models.BooleanField(
        "accepte la publication de la candidature en données ouvertes", default=False
    )
    status = models.CharField(
        "état", max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    selection_reason = models.TextField("motif de la décision de présélection", blank=True)
    award_kind = models.CharField(
        "distinction", max_length=10, choices=AwardKind.choices, blank=True
    )
    award_title = models.CharField("intitulé de la mention", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="créée par",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    submitted_at = models.DateTimeField("déposée le", null=True, blank=True)

    workflow = APPLICATION_WORKFLOW
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "candidature"
        verbose_name_plural = "candidatures"
        ordering = ["edition", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organisation", "project_key"],
                name="award_application_one_per_project",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:application", kwargs={"pk": self.pk})

    @property
    def is_laureate(self) -> bool:
        return self.status == ApplicationStatus.LAUREATE

    @property
    def award_label(self) -> str:
        if self.award_kind == AwardKind.MENTION and self.award_title:
            return f"Mention « {self.award_title} »"
        return self.get_award_kind_display()


class ApplicationTransition(TransitionLog):
    application = models.ForeignKey(
        Application, models.CASCADE, related_name="transitions", verbose_name="candidature"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’une candidature"
        verbose_name_plural = "étapes des candidatures"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """Stored under the edition and application, with a name of our making (never the
    uploader's, which could hold anything)."""
    application = attachment.application
    return (
        f"labels/{application.edition.year}/{application.pk}/"
        f"{timezone.now():%Y%m%d%H%M%S%f}.{attachment.kind}"
    )


class Attachment(models.Model):
    """A PDF or an image joined to an application, its type read from its content."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="attachments", verbose_name="candidature"
    )
    file = models.FileField("fichier", upload_to=attachment_path, max_length=300)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField("taille en octets")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("ajoutée le", default=timezone.now)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Jury(models.Model):
    """The jury of a regional stage (``region`` set) or the national jury of the final."""

    edition = models.ForeignKey(
        Edition, models.CASCADE, related_name="juries", verbose_name="édition"
    )
    region = models.ForeignKey(
        "geo.Territory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="région",
    )
    deadline = models.DateTimeField("date limite de notation")
    # The IntercoTOUR stage of a regional jury's pre-selection, in the agenda.
    event = models.ForeignKey(
        "events.Event",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="étape de l’IntercoTOUR",
    )

    class Meta:
        verbose_name = "jury"
        verbose_name_plural = "jurys"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "region"],
                condition=Q(region__isnull=False),
                name="award_jury_one_per_region",
            ),
            models.UniqueConstraint(
                fields=["edition"], condition=Q(region__isnull=True), name="award_jury_one_national"
            ),
        ]

    def __str__(self) -> str:
        if self.region_id is None:
            return f"Jury national {self.edition.year}"
        return f"Jury régional {self.edition.year} — {self.region.name}"

    @property
    def is_national(self) -> bool:
        return self.region_id is None

    def scoring_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.deadline


class JurorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Juror(models.Model):
    """A person named to a jury; their organisation and territory rule out conflicts."""

    jury = models.ForeignKey(Jury, models.CASCADE, related_name="jurors", verbose_name="jury")
    # Empty once the person deleted their account: their sent sheets still count.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="award_jurors",
        verbose_name="personne",
    )
    kind = models.CharField("qualité", max_length=10, choices=JurorKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation",
    )
    territory = models.ForeignKey(
        "geo.Territory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="territoire",
    )
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    created_at = models.DateTimeField("nommé le", default=timezone.now)

    objects = JurorQuerySet.as_manager()

    class Meta:
        verbose_name = "juré"
        verbose_name_plural = "jurés"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "user"], name="award_juror_once_per_jury")
        ]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else "Juré dont le compte est supprimé"


class DeclaredConflict(models.Model):
    """A conflict of interest a juror declares on an application: never assigned to them."""

    juror = models.ForeignKey(Juror, models.CASCADE, related_name="conflicts", verbose_name="juré")
    application = models.ForeignKey(
        Application, models.CASCADE, related_name="+", verbose_name="candidature"
    )
    reason = models.CharField("motif", max_length=300)
    created_at = models.DateTimeField("déclaré le", default=timezone.now)

    class Meta:
        verbose_name = "conflit d’intérêts déclaré"
        verbose_name_plural = "conflits d’intérêts déclarés"
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "application"], name="award_conflict_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.juror} — {self.application_id} : {self.reason}"


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=SheetStatus.CANCELLED)

    def scored(self):
        return self.filter(status=SheetStatus.SUBMITTED)


class Assignment(models.Model):
    """An application confided to a juror, and the juror's score sheet of it."""

    application = models.ForeignKey(
        Application, models.CASCADE, related_name="assignments", verbose_name="candidature"
    )
    juror = models.ForeignKey(
        Juror, models.CASCADE, related_name="assignments", verbose_name="juré"
    )
    status = models.CharField(
        "état", max_length=10, choices=SheetStatus.choices, default=SheetStatus.TODO
    )
    manual = models.BooleanField("affectée à la main", default=False)
    # The weighted mean of the marks, from 0 to 5, written when the sheet is sent.
    total = models.FloatField("note pondérée", null=True, blank=True)
    comment = models.TextField("appréciation générale", blank=True)
    created_at = models.DateTimeField("affectée le", default=timezone.now)
    submitted_at = models.DateTimeField("notée le", null=True, blank=True)

    workflow = SHEET_WORKFLOW
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche de notation"
        verbose_name_plural = "fiches de notation"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "juror"], name="award_assignment_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.juror}"

    def get_absolute_url(self) -> str:
        return reverse("awards:sheet", kwargs={"pk": self.pk})


class AssignmentTransition(TransitionLog):
    assignment = models.ForeignKey(
        Assignment, models.CASCADE, related_name="transitions", verbose_name="fiche"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’une fiche de notation"
        verbose_name_plural = "étapes des fiches de notation"


class Score(models.Model):
    """A juror's mark of one criterion, from 0 to 5, with a comment."""

    assignment = models.ForeignKey(
        Assignment, models.CASCADE, related_name="scores", verbose_name="fiche"
    )
    criterion = models.ForeignKey(
        Criterion, models.CASCADE, related_name="+", verbose_name="critère"
    )
    mark = models.PositiveSmallIntegerField(
        "note", validators=[MinValueValidator(MARK_MIN), MaxValueValidator(MARK_MAX)]
    )
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "note"
        verbose_name_plural = "notes"
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="award_score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(mark__gte=MARK_MIN, mark__lte=MARK_MAX), name="award_score_mark_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} : {self.mark}"


class PublicVote(models.Model):
    """A citizen's vote for the prix du public: one per person and edition."""

    edition = models.ForeignKey(
        Edition, models.CASCADE, related_name="votes", verbose_name="édition"
    )
    # Empty once the voter deleted their account: the vote still counts.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="votant",
    )
    application = models.ForeignKey(
        Application, models.CASCADE, related_name="votes", verbose_name="candidature"
    )
    created_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "vote du public"
        verbose_name_plural = "votes du public"
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="award_vote_once_per_edition")
        ]

    def __str__(self) -> str:
        return f"Vote pour {self.application_id} ({self.edition_id})"
