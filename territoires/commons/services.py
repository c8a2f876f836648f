"""Writes on the catalogue: fiches, their versions and moderation, usages, experience reports.

Each service is one transaction, checks the actor's rights itself (``perms``), refuses bad
input with a French ``BusinessError`` that changes nothing, moves states only through
``core.workflows`` and keeps the search words of what it changed in step (``search_index``).
E-mails are written in the transaction and sent by a job after the commit.
"""

import tomllib
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from territoires.accounts.models import Organisation
from territoires.accounts.perms import membership_of
from territoires.commons import notifications, perms, rules
from territoires.commons.enums import (
    BudgetBand,
    CommunKind,
    CommunStatus,
    ContactStatus,
    HostingMode,
    Maturity,
    Visibility,
)
from territoires.commons.models import (
    Commun,
    CommunVersion,
    ContactMessage,
    ExperienceReport,
    HostingOffer,
    Usage,
)
from territoires.commons.search_index import commun_reindex, report_reindex
from territoires.core.errors import BusinessError
from territoires.core.formats import number
from territoires.core.workflows import (
    transition_apply,
    transition_log_initial,
    transition_log_note,
)
from territoires.geo.search_text import search_compact

# Words of /communs/… routes that a commun's slug may not take.
RESERVED_SLUGS = frozenset(
    {"retours-experience", "suggestions", "proposer", "moderation", "usages", "messages", "donnees"}
)
# The fields of a fiche a version keeps, with the labels its history shows.
COMMUN_FIELDS = (
    "name",
    "kind",
    "summary",
    "description",
    "axes",
    "licence",
    "website",
    "repository",
    "documentation",
    "maturity",
)
REPORT_FIELDS = (
    "title",
    "context",
    "problem",
    "steps",
    "duration",
    "budget_band",
    "team",
    "results",
    "difficulties",
    "advice",
    "axes",
)
FIRST_USAGE_YEAR = 1980


def _label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def _unique_slug(model, text: str, reserved=frozenset()) -> str:
    base = slugify(text)[:100].strip("-") or "fiche"
    slug, number = base, 1
    while slug in reserved or model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _choice_errors(data: dict, field: str, choices, label: str) -> dict[str, list[str]]:
    if field in data and data[field] not in choices.values:
        return {field: [f"{label} inconnu : « {data[field]} »."]}
    return {}


def _hosting_clean(hosting) -> tuple[list[dict], list[str]]:
    """The hosting offers as rows, with the French messages of the bad ones."""
    rows, errors = [], []
    for offer in hosting or ():
        mode = offer.get("mode", "")
        if mode not in HostingMode.values:
            errors.append(f"Mode d’hébergement inconnu : « {mode} ».")
            continue
        errors += rules.url_errors(offer.get("url", ""))
        if mode != HostingMode.SELF_HOSTED and not str(offer.get("provider", "")).strip():
            errors.append("Dites qui héberge le commun (OPSN ou entreprise).")
        rows.append(
            {
                "mode": mode,
                "provider": str(offer.get("provider", "")).strip()[:200],
                "url": offer.get("url", ""),
                "organisation": offer.get("organisation"),
            }
        )
    return rows, errors


def _commun_check(data: dict, hosting) -> list[dict]:
    errors = rules.commun_errors(data)
    errors |= _choice_errors(data, "kind", CommunKind, "Type de commun")
    errors |= _choice_errors(data, "maturity", Maturity, "Niveau de maturité")
    for field, limit in (("name", 150), ("summary", 300)):
        if len(str(data.get(field, ""))) > limit:
            errors[field] = [f"{limit} caractères au plus."]
    rows, hosting_errors = _hosting_clean(hosting)
    if hosting_errors:
        errors["hosting"] = hosting_errors
    if errors:
        raise BusinessError(
            "La fiche n’a pas été enregistrée : corrigez les champs signalés.", errors=errors
        )
    return rows


def duplicate_of(name: str, *, exclude: Commun | None = None) -> Commun | None:
    """A live fiche (neither refused nor merged) with the same name, case, accents and
    punctuation aside."""
    compact = search_compact(name)
    candidates = Commun.objects.exclude(status=CommunStatus.REFUSED).filter(
        merged_into__isnull=True
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return next(
        (c for c in candidates.only("name", "slug") if search_compact(c.name) == compact), None
    )


def commun_snapshot(commun: Commun) -> dict:
    """What a version of the fiche keeps: its fields, hosting offers and maintainers."""
    return {
        **{field: getattr(commun, field) for field in COMMUN_FIELDS},
        "hosting": [
            {"mode": offer.mode, "provider": offer.provider, "url": offer.url}
            for offer in commun.hosting_offers.all()
        ],
        "maintainers": sorted(org.name for org in commun.maintainers.all()),
    }


SNAPSHOT_LABELS = {
    **{field: _label(Commun, field) for field in COMMUN_FIELDS},
    "hosting": "offres d’hébergement",
    "maintainers": "organisations qui le maintiennent",
}


def _version_save(*, commun: Commun, actor, comment: str = "") -> bool:
    """Keep the fiche as it now is, if it differs from its last version; whether it did."""
    data = commun_snapshot(commun)
    last = commun.versions.order_by("-number").first()
    previous = last.data if last else {}
    changed = [SNAPSHOT_LABELS[key] for key in data if data[key] != previous.get(key)]
    if last is not None and not changed:
        return False
    commun.versions.create(
        number=(last.number + 1) if last else 1,
        author=actor,
        data=data,
        changed=changed if last else [],
        comment=comment[:300],
    )
    return True


def _hosting_write(commun: Commun, rows: list[dict]) -> None:
    commun.hosting_offers.all().delete()
    HostingOffer.objects.bulk_create(HostingOffer(commun=commun, **row) for row in rows)


@transaction.atomic
def commun_propose(
    *, actor, organisation: Organisation, data: dict, hosting=(), maintainers=()
) -> Commun:
    """A member of ``organisation`` proposes a fiche; staff will publish or refuse it.

    A fiche with the same name as a live one is refused: the form shows the similar names
    before the proposal (``selectors.similar_communs``).
    """
    if membership_of(actor, organisation) is None:
        raise BusinessError(perms.ORGANISATION_ONLY, status=403)
    data = {
        field: data.get(field, Commun._meta.get_field(field).get_default())
        for field in COMMUN_FIELDS
    }
    rows = _commun_check(data, hosting)
    if (existing := duplicate_of(data["name"])) is not None:
        raise BusinessError(
            f"Une fiche « {existing.name} » existe déjà : déclarez plutôt que vous l’utilisez, "
            "ou proposez des modifications à ses mainteneurs.",
            errors={"name": [f"Une fiche « {existing.name} » existe déjà."]},
        )
    commun = Commun.objects.create(
        **data,
        slug=_unique_slug(Commun, data["name"], RESERVED_SLUGS),
        proposed_by=actor,
        proposed_for=organisation,
    )
    commun.maintainers.set(maintainers)
    _hosting_write(commun, rows)
    transition_log_initial(obj=commun, actor=actor)
    _version_save(commun=commun, actor=actor, comment="Proposition de la fiche")
    commun_reindex(commun)
    return commun


@transaction.atomic
def commun_update(
    *, actor, commun: Commun, data: dict, hosting=None, maintainers=None, comment: str = ""
) -> bool:
    """Change a fiche (its maintainers' members and staff); a new version is kept when
    something changed. Returns whether it did. The slug never changes."""
    perms.commun_rights(actor, commun).require("can_edit", perms.EDITORS_ONLY)
    data = {field: value for field, value in data.items() if field in COMMUN_FIELDS}
    rows = _commun_check(data, hosting)
    if "name" in data and (existing := duplicate_of(data["name"], exclude=commun)):
        raise BusinessError(
            f"Une fiche « {existing.name} » existe déjà.",
            errors={"name": [f"Une fiche « {existing.name} » existe déjà."]},
        )
    for field, value in data.items():
        setattr(commun, field, value)
    commun.updated_at = timezone.now()
    commun.save()
    if hosting is not None:
        _hosting_write(commun, rows)
    if maintainers is not None:
        commun.maintainers.set(maintainers)
    changed = _version_save(commun=commun, actor=actor, comment=comment)
    if changed:
        commun_reindex(commun)
    return changed


@transaction.atomic
def commun_publish(*, actor, commun: Commun) -> Commun:
    perms.commun_rights(actor, commun).require("can_moderate", perms.STAFF_ONLY)
    transition_apply(obj=commun, name="publish", actor=actor)
    commun.published_at = timezone.now()
    commun.save(update_fields=["published_at"])
    commun_reindex(commun)
    return commun


@transaction.atomic
def commun_refuse(*, actor, commun: Commun, reason: str) -> Commun:
    """Staff refuses a proposed fiche; the proposer receives the reason by e-mail."""
    perms.commun_rights(actor, commun).require("can_moderate", perms.STAFF_ONLY)
    reason = (reason or "").strip()
    if not reason:
        raise BusinessError(
            "Donnez le motif du refus : il est envoyé à la personne qui a proposé la fiche.",
            errors={"comment": ["Le motif du refus est obligatoire."]},
        )
    transition_apply(obj=commun, name="refuse", actor=actor, comment=reason)
    commun_reindex(commun)
    notifications.commun_refused_email_send(commun=commun, reason=reason)
    return commun


@transaction.atomic
def commun_archive(*, actor, commun: Commun, comment: str = "") -> Commun:
    perms.commun_rights(actor, commun).require("can_moderate", perms.STAFF_ONLY)
    transition_apply(obj=commun, name="archive", actor=actor, comment=comment)
    commun_reindex(commun)
    return commun


def commun_users_recount(commun: Commun) -> None:
    """Keep the number of public usages (the search's second key) and the words of the
    régions of the users in step."""
    commun.users_count = commun.usages.public().count()
    commun.save(update_fields=["users_count"])
    commun_reindex(commun)


@transaction.atomic
def commun_merge(*, actor, kept: Commun, duplicate: Commun) -> Commun:
    """Staff merges a duplicate fiche into the one kept: its usages (but those of an
    organisation that already uses the one kept), reports, maintainers and referents move;
    the duplicate is archived (or refused, if it was only proposed) and points to the other."""
    perms.commun_rights(actor, kept).require("can_moderate", perms.STAFF_ONLY)
    if kept.pk == duplicate.pk or duplicate.merged_into_id or kept.merged_into_id:
        raise BusinessError("Ces deux fiches ne peuvent pas être fusionnées.", status=409)
    if kept.status != CommunStatus.PUBLISHED:
        raise BusinessError("La fiche conservée doit être publiée.", status=409)
    already = kept.usages.values("organisation_id")
    moved = duplicate.usages.exclude(organisation_id__in=already).update(commun=kept)
    duplicate.usages.all().delete()
    for report in duplicate.reports.all():
        report.communs.remove(duplicate)
        report.communs.add(kept)
    kept.maintainers.add(*duplicate.maintainers.all())
    kept.referents.add(*duplicate.referents.all())
    duplicate.contact_messages.update(commun=kept)
    move = "archive" if duplicate.status == CommunStatus.PUBLISHED else "refuse"
    comment = f"Fusionnée dans la fiche « {kept.name} »."
    if duplicate.status in (CommunStatus.PUBLISHED, CommunStatus.PROPOSED):
        transition_apply(obj=duplicate, name=move, actor=actor, comment=comment)
    else:
        transition_log_note(obj=duplicate, actor=actor, comment=comment)
    duplicate.merged_into = kept
    duplicate.save(update_fields=["merged_into"])
    transition_log_note(
        obj=kept,
        actor=actor,
        comment=f"Fiche « {duplicate.name} » fusionnée ici ({moved} usage(s) déplacé(s)).",
    )
    commun_users_recount(duplicate)
    commun_users_recount(kept)
    return kept


@transaction.atomic
def commun_referent_set(*, actor, commun: Commun, referent: bool) -> None:
    """A member of a maintaining organisation agrees (or no longer) to answer questions."""
    if not commun.maintainers.filter(memberships__user=actor).exists():
        raise BusinessError(
            "Seuls les membres des organisations qui maintiennent ce commun en sont référents.",
            status=403,
        )
    if referent:
        commun.referents.add(actor)
    else:
        commun.referents.remove(actor)


# Usages ----------------------------------------------------------------------------------


def _usage_check(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    year = data.get("since_year")
    if year is not None and not FIRST_USAGE_YEAR <= year <= timezone.now().year:
        errors["since_year"] = [
            f"L’année doit être comprise entre {FIRST_USAGE_YEAR} et {timezone.now().year}."
        ]
    if (count := data.get("users_count")) is not None and count < 0:
        errors["users_count"] = ["Le nombre ne peut pas être négatif."]
    errors |= _choice_errors(data, "visibility", Visibility, "Visibilité")
    if len(data.get("purpose", "")) > 2_000:
        errors["purpose"] = ["2 000 caractères au plus."]
    if errors:
        raise BusinessError(
            "L’usage n’a pas été enregistré : corrigez les champs signalés.", errors=errors
        )
    return {
        field: data[field]
        for field in (
            "since_year",
            "purpose",
            "users_count",
            "hosted_by",
            "visibility",
            "contactable",
        )
        if field in data
    }


@transaction.atomic
def usage_declare(
    *, actor, organisation: Organisation, commun: Commun, data: dict, is_demo=False
) -> Usage:
    """A member of ``organisation`` declares that it uses ``commun`` (once per commun)."""
    if membership_of(actor, organisation) is None:
        raise BusinessError(perms.ORGANISATION_ONLY, status=403)
    if commun.status != CommunStatus.PUBLISHED:
        raise BusinessError("On ne déclare l’usage que d’une fiche publiée.", status=409)
    fields = _usage_check(data)
    if Usage.objects.filter(organisation=organisation, commun=commun).exists():
        raise BusinessError(
            f"{organisation.name} a déjà déclaré utiliser {commun.name} : modifiez cet usage.",
            status=409,
        )
    usage = Usage.objects.create(
        organisation=organisation, commun=commun, created_by=actor, is_demo=is_demo, **fields
    )
    commun_users_recount(commun)
    return usage


@transaction.atomic
def usage_update(*, actor, usage: Usage, data: dict) -> Usage:
    if membership_of(actor, usage.organisation) is None:
        raise BusinessError(perms.ORGANISATION_ONLY, status=403)
    for field, value in _usage_check(data).items():
        setattr(usage, field, value)
    usage.updated_at = timezone.now()
    usage.save()
    commun_users_recount(usage.commun)
    return usage


@transaction.atomic
def usage_withdraw(*, actor, usage: Usage) -> None:
    """The organisation no longer uses the commun: its usage goes."""
    if membership_of(actor, usage.organisation) is None:
        raise BusinessError(perms.ORGANISATION_ONLY, status=403)
    commun = usage.commun
    usage.delete()
    commun_users_recount(commun)


# Experience reports -----------------------------------------------------------------------


def _report_check(data: dict, communs) -> dict:
    errors: dict[str, list[str]] = {}
    if "title" in data and not str(data["title"]).strip():
        errors["title"] = ["Le titre est obligatoire."]
    if "problem" in data and not str(data["problem"]).strip():
        errors["problem"] = ["Décrivez le problème à résoudre."]
    for field in ExperienceReport.MARKDOWN_FIELDS:
        if field in data and (messages := rules.markdown_errors(data[field])):
            errors[field] = messages
    if "axes" in data and (messages := rules.axes_errors(data["axes"])):
        errors["axes"] = messages
    if data.get("budget_band"):
        errors |= _choice_errors(data, "budget_band", BudgetBand, "Tranche de budget")
    if communs is not None and any(c.status != CommunStatus.PUBLISHED for c in communs):
        errors["communs"] = ["Seules les fiches publiées peuvent être citées."]
    if errors:
        raise BusinessError(
            "Le retour d’expérience n’a pas été enregistré : corrigez les champs signalés.",
            errors=errors,
        )
    return {field: data[field] for field in REPORT_FIELDS if field in data}


@transaction.atomic
def report_create(
    *, actor, organisation: Organisation, data: dict, communs=(), is_demo=False
) -> ExperienceReport:
    """A member of ``organisation`` starts a report (a draft), its organisation first author."""
    if membership_of(actor, organisation) is None:
        raise BusinessError(perms.ORGANISATION_ONLY, status=403)
    fields = _report_check({"title": "", "problem": "", **data}, list(communs))
    report = ExperienceReport.objects.create(
        **fields,
        slug=_unique_slug(ExperienceReport, fields["title"]),
        created_by=actor,
        is_demo=is_demo,
    )
    report.authors.add(organisation)
    report.communs.set(communs)
    transition_log_initial(obj=report, actor=actor)
    return report


@transaction.atomic
def report_update(*, actor, report: ExperienceReport, data: dict, communs=None) -> ExperienceReport:
    perms.report_rights(actor, report).require("can_edit", perms.AUTHORS_ONLY)
    fields = _report_check(data, None if communs is None else list(communs))
    for field, value in fields.items():
        setattr(report, field, value)
    report.updated_at = timezone.now()
    report.save()
    if communs is not None:
        report.communs.set(communs)
    return report


@transaction.atomic
def report_author_add(*, actor, report: ExperienceReport, organisation: Organisation) -> None:
    """An author adds a co-author organisation, whose members may then edit it too."""
    perms.report_rights(actor, report).require("can_edit", perms.AUTHORS_ONLY)
    if report.authors.filter(pk=organisation.pk).exists():
        raise BusinessError(f"{organisation.name} est déjà autrice de ce retour d’expérience.")
    report.authors.add(organisation)
    transition_log_note(
        obj=report, actor=actor, comment=f"Co-autrice ajoutée : {organisation.name}."
    )


@transaction.atomic
def report_submit(*, actor, report: ExperienceReport) -> ExperienceReport:
    perms.report_rights(actor, report).require("can_edit", perms.AUTHORS_ONLY)
    return transition_apply(obj=report, name="submit", actor=actor)


@transaction.atomic
def report_publish(*, actor, report: ExperienceReport) -> ExperienceReport:
    perms.report_rights(actor, report).require("can_moderate", perms.STAFF_ONLY)
    transition_apply(obj=report, name="publish", actor=actor)
    report.published_at = timezone.now()
    report.save(update_fields=["published_at"])
    report_reindex(report)
    return report


@transaction.atomic
def report_refuse(*, actor, report: ExperienceReport, reason: str) -> ExperienceReport:
    perms.report_rights(actor, report).require("can_moderate", perms.STAFF_ONLY)
    reason = (reason or "").strip()
    if not reason:
        raise BusinessError(
            "Donnez le motif du refus : il est envoyé aux auteurs.",
            errors={"comment": ["Le motif du refus est obligatoire."]},
        )
    transition_apply(obj=report, name="refuse", actor=actor, comment=reason)
    notifications.report_refused_email_send(report=report, reason=reason)
    return report


@transaction.atomic
def report_archive(*, actor, report: ExperienceReport) -> ExperienceReport:
    perms.report_rights(actor, report).require("can_moderate", perms.STAFF_ONLY)
    transition_apply(obj=report, name="archive", actor=actor)
    report_reindex(report)
    return report


# Contact through the platform -------------------------------------------------------------

CONTACT_MAX_LENGTH = 5_000


@transaction.atomic
def contact_send(
    *, actor, commun: Commun, body: str, usage: Usage | None = None, referent=None
) -> ContactMessage:
    """A signed-in agent writes to a user organisation of the fiche or to one of its
    referents. The message goes by e-mail with the sender's address, to the recipients alone
    (the members of the organisation, its référents first); the platform keeps it, so that
    a recipient may report it as abusive."""
    perms.commun_rights(actor, commun).require("can_contact", perms.MEMBERS_ONLY)
    body = (body or "").strip()
    if not body:
        raise BusinessError("Écrivez votre message.", errors={"body": ["Écrivez votre message."]})
    if len(body) > CONTACT_MAX_LENGTH:
        raise BusinessError(
            f"{number(CONTACT_MAX_LENGTH)} caractères au plus.",
            errors={"body": [f"{number(CONTACT_MAX_LENGTH)} caractères au plus."]},
        )
    if usage is not None:
        if (
            usage.commun_id != commun.pk
            or not usage.contactable
            or not Usage.objects.visible_to(actor).filter(pk=usage.pk).exists()
        ):
            raise BusinessError("Cette organisation ne souhaite pas être contactée.", status=403)
        memberships = usage.organisation.memberships.select_related("user")
        referents = [m.user for m in memberships if m.is_referent and m.user.email]
        recipients = referents or [m.user for m in memberships if m.user.email]
    elif referent is not None and commun.referents.filter(pk=referent.pk).exists():
        recipients = [referent] if referent.email else []
    else:
        raise BusinessError(
            "Ce destinataire ne répond pas aux questions sur ce commun.", status=403
        )
    if not recipients:
        raise BusinessError("Ce destinataire n’a pas d’adresse électronique connue.", status=409)
    message = ContactMessage.objects.create(
        commun=commun, sender=actor, usage=usage, referent=referent, body=body
    )
    for recipient in recipients:
        notifications.contact_email_send(message=message, recipient=recipient)
    return message


@transaction.atomic
def contact_report_abuse(*, message: ContactMessage, reason: str) -> ContactMessage:
    """A recipient reports a message as abusive: staff sees it on the moderation page."""
    if message.status == ContactStatus.REPORTED:
        raise BusinessError("Ce message a déjà été signalé.", status=409)
    message.status = ContactStatus.REPORTED
    message.reported_at = timezone.now()
    message.report_reason = (reason or "").strip()[:2_000]
    message.save(update_fields=["status", "reported_at", "report_reason"])
    return message


# The initial catalogue ---------------------------------------------------------------------

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.toml"
INITIAL_COMMENT = "Fiche initiale, à compléter par ses utilisateurs"


def catalogue_read(path: Path = CATALOGUE_FILE) -> list[dict]:
    """The entries of the catalogue file, every one checked as a proposal is: a file with a
    bad entry is refused as a whole, with each entry's errors."""
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["communs"]
    problems = []
    for entry in entries:
        data = {
            field: entry.get(field, Commun._meta.get_field(field).get_default())
            for field in COMMUN_FIELDS
        }
        try:
            _commun_check(data, ())
        except BusinessError as error:
            problems += [
                f"{entry.get('slug')} : {field} : {' '.join(texts)}"
                for field, texts in error.errors.items()
            ]
        if not entry.get("slug") or entry["slug"] != slugify(entry["slug"]):
            problems.append(f"{entry.get('slug')} : identifiant invalide")
    if problems:
        raise BusinessError("Le catalogue initial est invalide : " + " ; ".join(problems))
    return [
        {
            "slug": entry["slug"],
            **{
                field: entry.get(field, Commun._meta.get_field(field).get_default())
                for field in COMMUN_FIELDS
            },
        }
        for entry in entries
    ]


@transaction.atomic
def catalogue_load(*, entries: list[dict]) -> dict[str, int]:
    """Create the fiches of the initial catalogue that are missing, published and marked
    initial; update those never edited on the platform; leave the others as they are.
    A second run with the same file changes nothing."""
    slugs = [entry["slug"] for entry in entries]
    existing = Commun.objects.in_bulk(slugs, field_name="slug")
    edited = set(
        CommunVersion.objects.filter(commun__slug__in=slugs, author__isnull=False).values_list(
            "commun__slug", flat=True
        )
    )
    counts = {"created": 0, "updated": 0, "kept": 0}
    for entry in entries:
        fields = {field: entry[field] for field in COMMUN_FIELDS}
        commun = existing.get(entry["slug"])
        if commun is None:
            if duplicate_of(fields["name"]) is not None:
                counts["kept"] += 1
                continue
            commun = Commun.objects.create(
                slug=entry["slug"],
                status=CommunStatus.PUBLISHED,
                published_at=timezone.now(),
                is_initial=True,
                **fields,
            )
            transition_log_initial(obj=commun, actor=None, comment=INITIAL_COMMENT)
            counts["created"] += 1
        elif (
            not commun.is_initial
            or commun.slug in edited
            or all(getattr(commun, field) == value for field, value in fields.items())
        ):
            counts["kept"] += 1
            continue
        else:
            for field, value in fields.items():
                setattr(commun, field, value)
            commun.updated_at = timezone.now()
            commun.save()
            counts["updated"] += 1
        _version_save(commun=commun, actor=None, comment=INITIAL_COMMENT)
        commun_reindex(commun)
    return counts


# Personal data -----------------------------------------------------------------------------


def personal_data_export(user) -> dict:
    """What the catalogue holds about a person, for their RGPD download."""
    return {
        "fiches_proposees": list(
            Commun.objects.filter(proposed_by=user).values_list("name", flat=True)
        ),
        "referent_de": list(user.referent_of_communs.values_list("name", flat=True)),
        "messages_envoyes": [
            {
                "commun": message.commun.name,
                "le": message.created_at.isoformat(),
                "message": message.body,
            }
            for message in ContactMessage.objects.filter(sender=user).select_related("commun")
        ],
    }


ERASED_MESSAGE = "(message effacé à la suppression du compte de son auteur)"


def personal_data_erase(user) -> None:
    """At the account's deletion: the messages it sent are erased, its referent roles end;
    fiches, usages and reports stay, as their organisations' (their author is set to none)."""
    ContactMessage.objects.filter(sender=user).update(body=ERASED_MESSAGE)
    user.referent_of_communs.clear()
