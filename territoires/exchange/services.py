"""Writes of the bourse. Each service checks the actor's rights (``perms``), refuses bad input
with a ``BusinessError`` in French and changes nothing then, runs in one transaction, moves
workflows through ``core.workflows.transition_apply`` and writes its e-mails in the same
transaction (sent after the commit)."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from territoires.accounts.models import Organisation, User
from territoires.core.errors import BusinessError
from territoires.core.workflows import transition_apply, transition_log_initial
from territoires.exchange import matching, notifications
from territoires.exchange.enums import (
    AGREEMENT_ACTORS,
    AGREEMENT_WORKFLOW,
    MEMBERS_ONLY_VEHICLES,
    PROVIDER,
    AgreementStatus,
    LegalVehicle,
    OfferStatus,
    SearchTarget,
)
from territoires.exchange.models import (
    Agreement,
    Beneficiary,
    ConventionVersion,
    Need,
    Offer,
    SavedSearch,
)
from territoires.exchange.perms import (
    MEMBERS_ONLY,
    NEED_MEMBERS_ONLY,
    PARTIES_ONLY,
    PROVIDER_ONLY,
    agreement_rights,
    need_rights,
    offer_rights,
    organisation_ids,
)
from territoires.exchange.selectors import (
    needs_in,
    offers_covering,
    organisation_place,
    places_taken,
)
from territoires.exchange.taxonomy import get_taxonomy
from territoires.geo.enums import COLLECTIVITE_KINDS, TerritoryKind
from territoires.geo.models import Territory

# A request waits this long for an answer before a reminder, then before it is unanswered.
REMINDER_AFTER = timedelta(days=3)
UNANSWERED_AFTER = timedelta(days=15)
AREA_KINDS = (TerritoryKind.DEPARTEMENT, TerritoryKind.REGION)
OFFER_FIELDS = (
    "skill",
    "title",
    "description",
    "modality",
    "legal_vehicle",
    "national",
    "eligible_kinds",
    "population_ceiling",
    "capacity",
    "cost_model",
    "contact_email",
)
NEED_FIELDS = ("skill", "description", "urgency", "budget_band", "preferred_modality")


def _require_member(actor: User, organisation: Organisation, message: str) -> None:
    if organisation.pk not in organisation_ids(actor):
        raise BusinessError(message, status=403)


def _check_skill(skill: str) -> None:
    if skill not in get_taxonomy().by_code:
        raise BusinessError(
            "Compétence inconnue de la taxonomie.", errors={"skill": ["Compétence inconnue."]}
        )


def area_territories(codes: list[str]) -> list[Territory]:
    """The départements and régions named « departement:58 », « region:27 »; an unknown one
    is refused."""
    wanted, unknown = [], []
    for code in codes:
        kind, _, value = code.partition(":")
        if kind in AREA_KINDS and value:
            wanted.append((kind, value))
        else:
            unknown.append(code)
    found = {
        (territory.kind, territory.code): territory
        for territory in Territory.objects.current().filter(
            kind__in=AREA_KINDS, code__in=[value for _, value in wanted]
        )
    }
    unknown += [f"{kind}:{value}" for kind, value in wanted if (kind, value) not in found]
    if unknown:
        raise BusinessError(
            f"Territoire inconnu : {', '.join(unknown)}.",
            errors={"area": [f"Territoire inconnu : {', '.join(unknown)}."]},
        )
    return [found[key] for key in wanted]


def _check_vehicle(vehicle: str | None, provider: matching.Place) -> None:
    """Refuse a framework the provider cannot propose (docs/references-juridiques.md)."""
    if vehicle in MEMBERS_ONLY_VEHICLES and provider.epci_id is None:
        message = (
            "Le service commun et la mise à disposition de services ne valent qu’entre un EPCI "
            "à fiscalité propre et ses communes membres : hors d’une intercommunalité, "
            "proposez une coopération entre pouvoirs adjudicateurs ou une entente."
        )
    elif vehicle == LegalVehicle.ENTENTE and provider.kind in matching.OUTSIDE_ENTENTE:
        message = (
            "L’entente réunit des communes, des EPCI ou des syndicats mixtes : un département ou "
            "une région propose une coopération entre pouvoirs adjudicateurs."
        )
    else:
        return
    raise BusinessError(message, errors={"legal_vehicle": [message]})


@transaction.atomic
def offer_save(
    *,
    actor: User,
    provider: Organisation,
    values: dict,
    area_codes: list[str],
    offer: Offer | None = None,
) -> Offer:
    """Create an offer of ``provider`` (a draft) or change ``offer``: its members only. The
    area must exist, and the capacity hold the beneficiaries of the agreements in progress."""
    if offer is None:
        _require_member(actor, provider, PROVIDER_ONLY)
        offer = Offer(provider=provider)
    else:
        offer_rights(actor, offer).require("can_edit", PROVIDER_ONLY)
    _check_skill(values["skill"])
    unknown_kinds = set(values.get("eligible_kinds") or ()) - set(COLLECTIVITE_KINDS)
    if unknown_kinds:
        raise BusinessError(
            "Type de collectivité inconnu.", errors={"eligible_kinds": ["Type inconnu."]}
        )
    _check_vehicle(values.get("legal_vehicle"), organisation_place(provider))
    area = area_territories(area_codes)
    if not values.get("national") and not area:
        message = "Indiquez les départements ou régions desservis, ou toute la France."
        raise BusinessError(message, errors={"area": [message]})
    if values["capacity"] < 1:
        raise BusinessError(
            "La capacité doit être d’au moins un bénéficiaire.",
            errors={"capacity": ["Au moins un bénéficiaire."]},
        )
    if offer.pk is not None:
        taken = places_taken(offer)
        if values["capacity"] < taken:
            message = (
                f"La capacité ne peut pas descendre sous les {taken} bénéficiaires des accords "
                "en cours."
            )
            raise BusinessError(message, errors={"capacity": [message]})
    for field in OFFER_FIELDS:
        setattr(offer, field, values.get(field, getattr(offer, field)))
    offer.eligible_kinds = list(values.get("eligible_kinds") or [])
    creating = offer.pk is None
    offer.save()
    offer.area.set(area)
    if creating:
        transition_log_initial(obj=offer, actor=actor)
    return offer


@transaction.atomic
def offer_move(*, actor: User, offer: Offer, name: str, comment: str = "") -> Offer:
    """Publish, pause or archive an offer: publishing by its members, pausing and archiving
    also by the staff (moderation)."""
    rights = offer_rights(actor, offer)
    rights.require("can_edit" if name == "publish" else "can_moderate", PROVIDER_ONLY)
    transition_apply(obj=offer, name=name, actor=actor, comment=comment)
    if offer.status == OfferStatus.PUBLISHED and offer.published_at is None:
        offer.published_at = timezone.now()
        offer.save(update_fields=["published_at"])
    return offer


@transaction.atomic
def need_save(
    *,
    actor: User,
    organisation: Organisation,
    values: dict,
    is_published: bool,
    need: Need | None = None,
) -> Need:
    """Create or change a need of ``organisation``: its members only."""
    if need is None:
        _require_member(actor, organisation, NEED_MEMBERS_ONLY)
        need = Need(organisation=organisation, created_by=actor)
    else:
        need_rights(actor, need).require("can_edit", NEED_MEMBERS_ONLY)
    _check_skill(values["skill"])
    for field in NEED_FIELDS:
        setattr(need, field, values.get(field, ""))
    need.is_published = is_published
    need.save()
    return need


def _check_can_serve(offer: Offer, organisation: Organisation, *, joining: int = 1) -> None:
    """Refuse when the offer cannot serve the organisation: the matching's reason."""
    reason = matching.exclusion_reason(
        matching.OfferFacts(
            id=offer.pk,
            skill=offer.skill,
            status=offer.status,
            capacity=offer.capacity,
            places_taken=places_taken(offer) + joining - 1,
            national=offer.national,
            area_ids=frozenset(offer.area.values_list("pk", flat=True)),
            eligible_kinds=tuple(offer.eligible_kinds),
            population_ceiling=offer.population_ceiling,
            provider=organisation_place(offer.provider),
            responsiveness=None,
            members_only=offer.legal_vehicle in MEMBERS_ONLY_VEHICLES,
            entente=offer.legal_vehicle == LegalVehicle.ENTENTE,
        ),
        organisation_place(organisation),
    )
    if reason is not None:
        raise BusinessError(
            f"Cette offre ne peut pas servir {organisation.name} : {reason}.", status=409
        )


def _need_of(need: Need | None, organisation: Organisation) -> Need | None:
    if need is not None and need.organisation_id != organisation.pk:
        raise BusinessError("Ce besoin n’est pas celui de votre organisation.", status=403)
    return need


@transaction.atomic
def agreement_request(
    *,
    actor: User,
    offer: Offer,
    organisation: Organisation,
    message: str,
    need: Need | None = None,
) -> Agreement:
    """``organisation`` asks for ``offer``: a member of it, for an offer that can serve it.
    The provider is told by e-mail."""
    _require_member(actor, organisation, MEMBERS_ONLY)
    if offer.provider_id == organisation.pk:
        raise BusinessError("Une organisation ne peut pas demander sa propre offre.", status=409)
    if not message.strip():
        raise BusinessError(
            "Présentez votre demande en quelques mots.",
            errors={"message": ["Ce champ est obligatoire."]},
        )
    _need_of(need, organisation)
    _check_can_serve(offer, organisation)
    agreement = Agreement.objects.create(
        offer=offer, requester=organisation, message=message.strip(), created_by=actor
    )
    Beneficiary.objects.create(agreement=agreement, organisation=organisation, need=need)
    transition_log_initial(obj=agreement, actor=actor)
    notifications.request_email_send(agreement=agreement)
    return agreement


@transaction.atomic
def agreement_join(
    *, actor: User, agreement: Agreement, organisation: Organisation, need: Need | None = None
) -> Beneficiary:
    """Another organisation with the same need joins a request still waiting for its answer:
    a grouped request, answered once."""
    _require_member(actor, organisation, MEMBERS_ONLY)
    agreement = Agreement.objects.select_for_update().select_related("offer").get(pk=agreement.pk)
    if agreement.status != AgreementStatus.REQUESTED:
        raise BusinessError("Cette demande a déjà reçu sa réponse.", status=409)
    if agreement.beneficiaries.filter(organisation=organisation).exists():
        raise BusinessError("Votre organisation fait déjà partie de cette demande.", status=409)
    if agreement.offer.provider_id == organisation.pk:
        raise BusinessError("Une organisation ne peut pas demander sa propre offre.", status=409)
    _need_of(need, organisation)
    _check_can_serve(agreement.offer, organisation)
    return Beneficiary.objects.create(agreement=agreement, organisation=organisation, need=need)


def _beneficiary_count(agreement: Agreement) -> int:
    return agreement.beneficiaries.count()


@transaction.atomic
def agreement_move(
    *,
    actor: User,
    agreement: Agreement,
    name: str,
    comment: str = "",
    satisfaction: int | None = None,
) -> Agreement:
    """Move an agreement by ``name`` (``enums.AGREEMENT_WORKFLOW``), as one of its parties:
    a decline needs a reason, an evaluation a satisfaction from 1 to 5, an acceptance a
    place for every beneficiary. The other party is told by e-mail."""
    rights = agreement_rights(actor, agreement)
    rights.require("can_view", PARTIES_ONLY)
    if name not in {move.name for move in AGREEMENT_WORKFLOW.transitions} or name == "expire":
        raise BusinessError("Action inconnue.", status=400)
    if name == "draft":
        raise BusinessError("Une convention se rédige avec son contenu.", status=400)
    comment = comment.strip()
    if name == "decline" and not comment:
        message = "Indiquez le motif du refus : le demandeur le recevra."
        raise BusinessError(message, errors={"comment": [message]})
    if name == "evaluate" and (satisfaction is None or not 1 <= satisfaction <= 5):
        message = "La satisfaction est une note de 1 à 5."
        raise BusinessError(message, errors={"satisfaction": [message]})
    if not rights.can(name):
        if agreement.status in AGREEMENT_WORKFLOW[name].sources:
            side = "au fournisseur" if AGREEMENT_ACTORS[name] == PROVIDER else "au demandeur"
            raise BusinessError(f"Cette action revient {side}.", status=403)
        # Not allowed from this state: the workflow's own refusal, nothing written.
        transition_apply(obj=agreement, name=name, actor=actor, comment=comment)
    if name == "accept":
        offer = Offer.objects.select_for_update().get(pk=agreement.offer_id)
        if places_taken(offer) + _beneficiary_count(agreement) > offer.capacity:
            raise BusinessError(
                "L’offre n’a plus assez de places pour tous les bénéficiaires de la demande.",
                status=409,
            )
    transition_apply(obj=agreement, name=name, actor=actor, comment=comment)
    if name in ("accept", "decline"):
        agreement.answered_at = timezone.now()
        agreement.decline_reason = comment if name == "decline" else ""
    if name == "evaluate":
        agreement.satisfaction, agreement.evaluation = satisfaction, comment
    agreement.save(update_fields=["answered_at", "decline_reason", "satisfaction", "evaluation"])
    notifications.step_email_send(
        agreement=agreement,
        label=AGREEMENT_WORKFLOW.label(agreement.status),
        by_provider=rights.is_provider,
        comment=comment,
    )
    return agreement


@transaction.atomic
def convention_draft(
    *,
    actor: User,
    agreement: Agreement,
    purpose: str,
    duration_months: int,
    cost_key: str,
) -> ConventionVersion:
    """Write a new version of the convention (every version is kept), by either party, until
    it is signed."""
    rights = agreement_rights(actor, agreement)
    rights.require("can_view", PARTIES_ONLY)
    errors = {}
    if not purpose.strip():
        errors["purpose"] = ["L’objet de la convention est obligatoire."]
    if not cost_key.strip():
        errors["cost_key"] = ["La clé de répartition des coûts est obligatoire."]
    if not 1 <= duration_months <= 120:
        errors["duration_months"] = ["Une durée de 1 à 120 mois."]
    if errors:
        raise BusinessError("La convention est incomplète.", errors=errors)
    transition_apply(obj=agreement, name="draft", actor=actor)
    number = agreement.conventions.count() + 1
    version = ConventionVersion.objects.create(
        agreement=agreement,
        number=number,
        purpose=purpose.strip(),
        duration_months=duration_months,
        cost_key=cost_key.strip(),
        created_by=actor,
    )
    notifications.step_email_send(
        agreement=agreement,
        label=f"{AGREEMENT_WORKFLOW.label(agreement.status)} (version {number})",
        by_provider=rights.is_provider,
    )
    return version


def agreements_remind(*, now=None) -> int:
    """Remind the provider of each request without answer for three days (once). Returns how
    many were reminded."""
    now = now or timezone.now()
    count = 0
    due = Agreement.objects.filter(
        status=AgreementStatus.REQUESTED,
        reminded_at__isnull=True,
        created_at__lte=now - REMINDER_AFTER,
        created_at__gt=now - UNANSWERED_AFTER,
    )
    for agreement_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            agreement = (
                Agreement.objects.select_for_update()
                .select_related("offer", "requester")
                .filter(pk=agreement_id, reminded_at__isnull=True)
                .first()
            )
            if agreement is None:
                continue
            agreement.reminded_at = now
            agreement.save(update_fields=["reminded_at"])
            notifications.reminder_email_send(agreement=agreement)
            count += 1
    return count


def agreements_expire(*, now=None) -> int:
    """Mark unanswered each request without answer for fifteen days, and tell the requester.
    Returns how many."""
    now = now or timezone.now()
    count = 0
    due = Agreement.objects.filter(
        status=AgreementStatus.REQUESTED, created_at__lte=now - UNANSWERED_AFTER
    )
    for agreement in due.select_related("offer", "requester", "created_by"):
        with transaction.atomic():
            try:
                transition_apply(
                    obj=agreement,
                    name="expire",
                    actor=None,
                    comment="Aucune réponse quinze jours après la demande.",
                )
            except BusinessError:
                continue  # answered meanwhile
            notifications.unanswered_email_send(agreement=agreement)
            count += 1
    return count


@transaction.atomic
def saved_search_create(
    *, actor: User, target: str, skill: str, frequency: str, area: Territory | None = None
) -> SavedSearch:
    if not (actor.is_authenticated and actor.is_active):
        raise BusinessError("Connectez-vous pour enregistrer une recherche.", status=403)
    _check_skill(skill)
    if area is not None and area.kind not in AREA_KINDS:
        raise BusinessError(
            "Choisissez un département ou une région.", errors={"area": ["Territoire invalide."]}
        )
    return SavedSearch.objects.create(
        user=actor,
        target=target,
        skill=skill,
        frequency=frequency,
        area=area,
        last_alert_at=timezone.now(),
    )


@transaction.atomic
def saved_search_delete(*, actor: User, search: SavedSearch) -> None:
    if search.user_id != actor.pk:
        raise BusinessError("Cette recherche n’est pas la vôtre.", status=403)
    search.delete()


def _new_for_search(search: SavedSearch, since) -> list[tuple[str, str]]:
    """The offers or needs published since ``since`` that match the search: (title, URL)."""
    area = search.area
    if search.target == SearchTarget.OFFERS:
        offers = Offer.objects.published().filter(skill=search.skill, published_at__gt=since)
        if area is not None:
            offers = offers_covering(offers, area)
        return [
            (offer.title, notifications.absolute(reverse("exchange:offer", args=[offer.pk])))
            for offer in offers.order_by("published_at", "pk")
        ]
    needs = Need.objects.published().filter(skill=search.skill, created_at__gt=since)
    if area is not None:
        needs = needs_in(needs, area)
    return [
        (
            f"{need.skill_name} — {need.organisation.name}",
            notifications.absolute(reverse("exchange:need", args=[need.pk])),
        )
        for need in needs.select_related("organisation").order_by("created_at", "pk")
    ]


def saved_search_alerts_send(*, frequency: str, now=None) -> int:
    """Send each saved search of ``frequency`` what was published since its last alert (no
    e-mail when nothing was). Returns how many e-mails were written."""
    now = now or timezone.now()
    count = 0
    for search_id in SavedSearch.objects.filter(frequency=frequency).values_list("pk", flat=True):
        with transaction.atomic():
            # Only the search's own row is locked (its area is a nullable join).
            search = (
                SavedSearch.objects.select_for_update(of=("self",))
                .select_related("user", "area")
                .filter(pk=search_id)
                .first()
            )
            if search is None:
                continue
            items = _new_for_search(search, search.last_alert_at or search.created_at)
            search.last_alert_at = now
            search.save(update_fields=["last_alert_at"])
            if items and notifications.alert_email_send(search=search, items=items):
                count += 1
    return count
