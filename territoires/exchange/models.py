"""The bourse d'échange de compétences: offers, needs, agreements and what follows them."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from territoires.core.workflows import TransitionLog
from territoires.exchange.enums import (
    AGREEMENT_WORKFLOW,
    IN_PROGRESS,
    LEGAL_REFERENCES,
    OFFER_WORKFLOW,
    AgreementStatus,
    BudgetBand,
    CostModel,
    Frequency,
    LegalVehicle,
    Modality,
    OfferStatus,
    SearchTarget,
    Urgency,
)
from territoires.exchange.taxonomy import get_taxonomy
from territoires.geo.enums import TerritoryKind


def skill_name(code: str) -> str:
    skill = get_taxonomy().by_code.get(code)
    return skill.name if skill else code


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OfferStatus.PUBLISHED)

    def with_places_taken(self):
        """Each offer with ``places_taken``: the beneficiaries of its agreements in progress."""
        return self.annotate(
            places_taken=Count(
                "agreements__beneficiaries",
                filter=Q(agreements__status__in=IN_PROGRESS),
            )
        )


class Offer(models.Model):
    """What an organisation offers to others: a skill, on an area, for a number of them."""

    provider = models.ForeignKey(
        "accounts.Organisation", models.CASCADE, related_name="offers", verbose_name="offreur"
    )
    skill = models.CharField("compétence", max_length=40)
    title = models.CharField("titre", max_length=200)
    description = models.TextField("description")
    modality = models.CharField("modalité", max_length=20, choices=Modality.choices)
    legal_vehicle = models.CharField(
        "cadre juridique proposé", max_length=20, choices=LegalVehicle.choices
    )
    national = models.BooleanField("toute la France", default=False)
    area = models.ManyToManyField(
        "geo.Territory", blank=True, related_name="+", verbose_name="territoires desservis"
    )
    eligible_kinds = models.JSONField("types de collectivité admis", default=list, blank=True)
    population_ceiling = models.PositiveIntegerField(
        "réservé aux collectivités de moins de (habitants)", null=True, blank=True
    )
    capacity = models.PositiveIntegerField("capacité (bénéficiaires à la fois)")
    cost_model = models.CharField("modèle de coût", max_length=10, choices=CostModel.choices)
    contact_email = models.EmailField("adresse de contact")
    status = models.CharField(
        "état", max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = OfferQuerySet.as_manager()
    workflow = OFFER_WORKFLOW

    class Meta:
        verbose_name = "offre"
        verbose_name_plural = "offres"
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["status", "skill"])]

    def __str__(self) -> str:
        return self.title

    @property
    def skill_name(self) -> str:
        return skill_name(self.skill)

    @property
    def eligible_kinds_text(self) -> str:
        if not self.eligible_kinds:
            return "Toutes"
        return ", ".join(TerritoryKind(kind).label for kind in self.eligible_kinds)

    @property
    def legal_reference(self) -> str:
        return LEGAL_REFERENCES[self.legal_vehicle]


class OfferTransition(TransitionLog):
    offer = models.ForeignKey(
        Offer, models.CASCADE, related_name="transitions", verbose_name="offre"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’une offre"
        verbose_name_plural = "étapes des offres"


class NeedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Need(models.Model):
    """What an organisation needs: private to its members (and the providers it asks), or
    published to the whole bourse."""

    organisation = models.ForeignKey(
        "accounts.Organisation", models.CASCADE, related_name="needs", verbose_name="organisation"
    )
    skill = models.CharField("compétence", max_length=40)
    description = models.TextField("description")
    urgency = models.CharField("urgence", max_length=10, choices=Urgency.choices)
    budget_band = models.CharField("budget", max_length=12, choices=BudgetBand.choices)
    preferred_modality = models.CharField(
        "modalité souhaitée", max_length=20, choices=Modality.choices, blank=True
    )
    is_published = models.BooleanField("publié dans la bourse", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créé par",
    )
    created_at = models.DateTimeField("créé le", default=timezone.now)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = "besoin"
        verbose_name_plural = "besoins"
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["is_published", "skill"])]

    def __str__(self) -> str:
        return f"{self.skill_name} — {self.organisation}"

    @property
    def skill_name(self) -> str:
        return skill_name(self.skill)


class Agreement(models.Model):
    """A request to an offer, followed from the request to its evaluation. A grouped request
    has several beneficiaries; the provider answers it once."""

    offer = models.ForeignKey(
        Offer, models.PROTECT, related_name="agreements", verbose_name="offre"
    )
    requester = models.ForeignKey(
        "accounts.Organisation",
        models.CASCADE,
        related_name="requested_agreements",
        verbose_name="demandeur",
    )
    message = models.TextField("message au fournisseur")
    status = models.CharField(
        "état", max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.REQUESTED
    )
    decline_reason = models.TextField("motif du refus", blank=True)
    satisfaction = models.PositiveSmallIntegerField("satisfaction (1 à 5)", null=True, blank=True)
    evaluation = models.TextField("commentaire d’évaluation", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demandé par",
    )
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    reminded_at = models.DateTimeField("relancé le", null=True, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)

    workflow = AGREEMENT_WORKFLOW

    class Meta:
        verbose_name = "accord"
        verbose_name_plural = "accords"
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="agreement_satisfaction_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} — {self.requester}"

    @property
    def provider(self):
        return self.offer.provider


class AgreementTransition(TransitionLog):
    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="transitions", verbose_name="accord"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "étape d’un accord"
        verbose_name_plural = "étapes des accords"


class Beneficiary(models.Model):
    """One organisation served by an agreement: the requester, and whoever joined its
    grouped request while it waited for an answer."""

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="beneficiaries", verbose_name="accord"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", models.CASCADE, related_name="+", verbose_name="organisation"
    )
    need = models.ForeignKey(
        Need, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="besoin"
    )
    joined_at = models.DateTimeField("depuis le", default=timezone.now)

    class Meta:
        verbose_name = "bénéficiaire"
        verbose_name_plural = "bénéficiaires"
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="beneficiary_unique_organisation"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class ConventionVersion(models.Model):
    """One version of an agreement's convention; every version is kept."""

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="conventions", verbose_name="accord"
    )
    number = models.PositiveIntegerField("version")
    purpose = models.TextField("objet")
    duration_months = models.PositiveIntegerField("durée (mois)")
    cost_key = models.TextField("clé de répartition des coûts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rédigée par",
    )
    created_at = models.DateTimeField("rédigée le", default=timezone.now)

    class Meta:
        verbose_name = "version de convention"
        verbose_name_plural = "versions de convention"
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="convention_unique_number")
        ]

    def __str__(self) -> str:
        return f"Convention, version {self.number}"


class SavedSearch(models.Model):
    """A skill and an area a person follows: an alert when a new offer or need matches."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="saved_searches",
        verbose_name="utilisateur",
    )
    target = models.CharField("recherche", max_length=10, choices=SearchTarget.choices)
    skill = models.CharField("compétence", max_length=40)
    area = models.ForeignKey(
        "geo.Territory",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="territoire",
    )
    frequency = models.CharField("fréquence", max_length=12, choices=Frequency.choices)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    last_alert_at = models.DateTimeField("dernière alerte", null=True, blank=True)

    class Meta:
        verbose_name = "recherche enregistrée"
        verbose_name_plural = "recherches enregistrées"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_target_display()} — {self.skill_name}"

    @property
    def skill_name(self) -> str:
        return skill_name(self.skill)
