"""Sign-in and sign-out, "Mon compte", "Mon organisation" and the staff pages. Thin: checks
and writes live in perms, selectors and services."""

import json
import logging

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from territoires.accounts import perms, selectors, services
from territoires.accounts.enums import REQUEST_WORKFLOW, AuditAction, Provider, Role
from territoires.accounts.forms import (
    ActiveOrganisationForm,
    DeleteAccountForm,
    InvitationForm,
    OrganisationForm,
    ReferentDecisionForm,
    ReferentRequestForm,
    RequestDecisionForm,
    RoleForm,
)
from territoires.accounts.models import (
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    ReferentRequest,
)
from territoires.accounts.oidc import flow
from territoires.accounts.oidc.config import configured_providers, get_provider
from territoires.accounts.oidc.errors import OIDCError
from territoires.core.access import staff_required
from territoires.core.errors import BusinessError, refusal_show
from territoires.core.models import FailedJob
from territoires.core.ratelimit import client_ip, rate_limited

logger = logging.getLogger(__name__)

# What the sign-in endpoints' rate limit counts, as its 429 page says it.
SIGN_IN_ATTEMPTS = "tentatives de connexion"
SIGNED_OUT_HERE = "Déconnexion réussie : votre session sur ce site est fermée."


def _safe_next(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


# ------------------------------------------------------------------ sign-in and sign-out


@require_GET
def login(request):
    providers = {config.name: config for config in configured_providers()}
    return render(
        request,
        "accounts/login.html",
        {
            "proconnect": providers.get(Provider.PROCONNECT),
            "franceconnect": providers.get(Provider.FRANCECONNECT),
            "next": _safe_next(request, request.GET.get("next", "")),
            "breadcrumb": {"current": "Se connecter"},
        },
    )


def _sign_in_failed(request, provider: str, error: OIDCError):
    logger.warning("OIDC sign-in refused (%s): %s", provider, error)
    services.audit_event_record(
        action=AuditAction.SIGN_IN_FAILED,
        provider=provider if provider in Provider.values else "",
        ip_address=client_ip(request),
        detail={"reason": error.code, "detail": error.detail[:500]},
    )
    return render(
        request,
        "accounts/sign_in_error.html",
        {
            "message": error.message,
            "breadcrumb": {"current": "Connexion impossible"},
        },
        status=400,
    )


@require_POST
@rate_limited("sign-in", attempts=SIGN_IN_ATTEMPTS)
def login_start(request, provider: str):
    config = get_provider(provider)
    if config is None:
        raise Http404("Fournisseur d’identité inconnu.")
    try:
        url = flow.begin_sign_in(
            request, config, next_url=_safe_next(request, request.POST.get("next", ""))
        )
    except OIDCError as error:
        return _sign_in_failed(request, provider, error)
    return redirect(url)


@require_GET
@rate_limited("sign-in", attempts=SIGN_IN_ATTEMPTS, methods=("GET",))
def callback(request, provider: str):
    if get_provider(provider) is None:
        raise Http404("Fournisseur d’identité inconnu.")
    try:
        identity, next_url = flow.complete_sign_in(request, provider)
        user = services.user_sign_in(identity=identity, ip_address=client_ip(request))
    except OIDCError as error:
        return _sign_in_failed(request, provider, error)
    except BusinessError as error:
        return _sign_in_failed(request, provider, OIDCError("account_refused", error.message))
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    flow.remember_login(request, identity)
    messages.success(request, f"Connexion réussie avec {Provider(provider).label}.")
    return redirect(next_url or "accounts:account")


@require_POST
def logout(request):
    login_info = request.session.get(flow.LOGIN_KEY)
    user = request.user if request.user.is_authenticated else None
    auth_logout(request)
    if user is not None:
        services.audit_event_record(
            action=AuditAction.SIGN_OUT,
            actor=user,
            subject=user,
            provider=(login_info or {}).get("provider", ""),
            ip_address=client_ip(request),
        )
    try:
        url = flow.begin_sign_out(request, login_info)
    except OIDCError:
        url = None
    if url:
        return redirect(url)
    messages.success(request, SIGNED_OUT_HERE)
    return redirect("core:home")


@require_GET
def logout_return(request):
    try:
        provider = flow.complete_sign_out(request)
    except OIDCError as error:
        services.audit_event_record(
            action=AuditAction.SIGN_OUT_FAILED,
            ip_address=client_ip(request),
            detail={"reason": error.code},
        )
        messages.warning(
            request,
            f"{SIGNED_OUT_HERE} Le retour du fournisseur d’identité n’a pas pu être vérifié : "
            "votre session chez lui est peut-être encore ouverte.",
        )
    else:
        # The provider sends the browser back the same way whether the person signed out there
        # or chose to stay signed in (OpenID RP-Initiated Logout says nothing of it): say only
        # what is known.
        label = Provider(provider).label
        messages.info(
            request,
            f"{SIGNED_OUT_HERE} {label} vous a renvoyé ici sans indiquer si la session "
            f"ouverte chez lui est fermée : si vous avez choisi « Rester connecté », votre "
            f"session {label} reste ouverte sur cet appareil.",
        )
    return redirect("core:home")


# ------------------------------------------------------------------ Mon compte


@login_required
@require_GET
def account(request):
    memberships = list(selectors.memberships_of(request.user).order_by("organisation__name"))
    active = selectors.active_membership(request)
    return render(
        request,
        "accounts/account.html",
        {
            "identities": request.user.identities.order_by("created_at"),
            "memberships": memberships,
            "active": active,
            "requests": request.user.membership_requests.select_related("organisation"),
            "active_form": ActiveOrganisationForm(
                memberships=memberships,
                initial={"organisation": active.organisation_id if active else None},
            ),
            "breadcrumb": {"current": "Mon compte"},
        },
    )


@login_required
@require_GET
def account_export(request):
    data = selectors.user_data_export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-territoires.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.user_delete(user=user, ip_address=client_ip(request))
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            auth_logout(request)
            messages.success(request, "Votre compte et vos données ont été supprimés.")
            return redirect("core:home")
    return render(
        request,
        "accounts/account_delete.html",
        {
            "form": form,
            "breadcrumb": {
                "links": [{"url": reverse("accounts:account"), "title": "Mon compte"}],
                "current": "Supprimer mon compte",
            },
        },
    )


@login_required
@require_POST
def active_organisation(request):
    memberships = list(selectors.memberships_of(request.user))
    form = ActiveOrganisationForm(request.POST, memberships=memberships)
    if form.is_valid():
        request.session[selectors.ACTIVE_ORGANISATION_KEY] = form.cleaned_data["organisation"]
        messages.success(request, "Organisation choisie.")
    else:
        messages.error(request, "Choisissez une organisation dont vous êtes membre.")
    return redirect("accounts:account")


# ------------------------------------------------------------------ Mon organisation


def _organisation_for(request, pk: int) -> tuple[Organisation, perms.OrganisationRights]:
    """The organisation and the user's rights there, if they may see its private space; 404
    otherwise (no leak)."""
    organisation = get_object_or_404(Organisation, pk=pk)
    rights = perms.organisation_rights(request.user, organisation)
    if not rights.can_view:
        raise Http404("Organisation introuvable.")
    return organisation, rights


@login_required
@require_GET
def my_organisation(request):
    active = selectors.active_membership(request)
    if active is None:
        return render(
            request,
            "accounts/no_organisation.html",
            {"breadcrumb": {"current": "Mon organisation"}},
        )
    return redirect("accounts:organisation", pk=active.organisation_id)


@login_required
@require_GET
def organisation(request, pk: int):
    organisation, rights = _organisation_for(request, pk)
    return _organisation_show(request, organisation, rights)


def _organisation_show(
    request,
    organisation: Organisation,
    rights: perms.OrganisationRights,
    *,
    invitation_form: InvitationForm | None = None,
    status: int = 200,
):
    """The organisation page; with a refused ``invitation_form``, shown again with its errors
    on its fields and what was typed."""
    can_manage = rights.can_manage
    return render(
        request,
        "accounts/organisation.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation),
            "rights": rights,
            "invitations": selectors.pending_invitations(organisation) if can_manage else [],
            "invitation_form": (invitation_form or InvitationForm()) if can_manage else None,
            "roles": Role.choices,
            "my_referent_request": selectors.last_referent_request(rights.membership),
            "referent_request_form": ReferentRequestForm(),
            "referent_requests": [
                (item, ReferentDecisionForm(prefix=f"referent-{item.pk}"))
                for item in selectors.pending_referent_requests(organisation)
            ]
            if can_manage
            else [],
            "breadcrumb": {"current": organisation.name},
        },
        status=status,
    )


@login_required
@require_POST
def referent_request(request, pk: int):
    """A member asks for the référent role."""
    organisation, _rights = _organisation_for(request, pk)
    form = ReferentRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("accounts:organisation", pk=pk)
    try:
        services.referent_request_create(
            actor=request.user, organisation=organisation, reason=form.cleaned_data["reason"]
        )
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(
            request,
            "Votre demande du rôle de référent est envoyée : les référents de l’organisation "
            "ou l’équipe du réseau en décideront.",
        )
    return redirect("accounts:organisation", pk=pk)


@login_required
@require_POST
def referent_request_decide(request, pk: int, request_pk: int):
    """A référent (or staff) accepts or refuses a member's request of the référent role."""
    organisation = _managed_organisation(request, pk)
    referent_request = get_object_or_404(
        ReferentRequest.objects.select_related("membership__user"),
        pk=request_pk,
        membership__organisation=organisation,
    )
    form = ReferentDecisionForm(request.POST, prefix=f"referent-{request_pk}")
    if not form.is_valid():
        messages.error(request, "Choisissez d’accepter ou de refuser la demande.")
        return redirect("accounts:organisation", pk=pk)
    person = referent_request.membership.user
    accept = REQUEST_WORKFLOW.by_slug(form.cleaned_data["decision"]).name == "accept"
    decide = services.referent_request_accept if accept else services.referent_request_refuse
    try:
        decide(actor=request.user, request=referent_request, comment=form.cleaned_data["comment"])
    except BusinessError as error:
        refusal_show(request, error)
    else:
        if accept:
            messages.success(request, f"{person} est maintenant référent de l’organisation.")
        else:
            messages.success(request, f"La demande de {person} est refusée.")
    return redirect("accounts:organisation", pk=pk)


def _managed_organisation_rights(request, pk: int) -> tuple[Organisation, perms.OrganisationRights]:
    """The organisation and the user's rights there, if they manage its members: 404 if they
    may not see it, 403 if they may see it but not manage it."""
    organisation, rights = _organisation_for(request, pk)
    if not rights.can_manage:
        raise PermissionDenied("Seuls les référents de l’organisation gèrent ses membres.")
    return organisation, rights


def _managed_organisation(request, pk: int) -> Organisation:
    return _managed_organisation_rights(request, pk)[0]


def _managed_membership(request, pk: int, membership_pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=membership_pk,
        organisation=_managed_organisation(request, pk),
    )


def _managed_invitation(request, pk: int, invitation_pk: int) -> Invitation:
    return get_object_or_404(
        Invitation, pk=invitation_pk, organisation=_managed_organisation(request, pk)
    )


def _invitation_email_outcome(request, invitation: Invitation, done: str):
    """Say that the invitation is saved and that its e-mail will leave."""
    messages.success(
        request, f"{done} Le courriel à {invitation.email} part dans quelques instants."
    )


@login_required
@require_POST
def organisation_invite(request, pk: int):
    organisation, rights = _managed_organisation_rights(request, pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, _ = services.invitation_send(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            _invitation_email_outcome(
                request, invitation, f"Invitation envoyée à {invitation.email}."
            )
            return redirect("accounts:organisation", pk=organisation.pk)
    return _organisation_show(request, organisation, rights, invitation_form=form, status=400)


@login_required
@require_POST
def invitation_resend(request, pk: int, invitation_pk: int):
    invitation = _managed_invitation(request, pk, invitation_pk)
    try:
        invitation, _ = services.invitation_resend(actor=request.user, invitation=invitation)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        _invitation_email_outcome(request, invitation, f"Invitation renvoyée à {invitation.email}.")
    return redirect("accounts:organisation", pk=pk)


@login_required
@require_POST
def invitation_cancel(request, pk: int, invitation_pk: int):
    invitation = _managed_invitation(request, pk, invitation_pk)
    try:
        services.invitation_cancel(actor=request.user, invitation=invitation)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, f"Invitation à {invitation.email} annulée.")
    return redirect("accounts:organisation", pk=pk)


@login_required
@require_POST
def membership_role(request, pk: int, membership_pk: int):
    membership = _managed_membership(request, pk, membership_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez un rôle : membre ou référent.")
    else:
        try:
            services.membership_role_change(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except BusinessError as error:
            refusal_show(request, error)
        else:
            label = Role(form.cleaned_data["role"]).label
            messages.success(request, f"{membership.user} a maintenant le rôle « {label} ».")
    return redirect("accounts:organisation", pk=pk)


@login_required
@require_POST
def membership_remove(request, pk: int, membership_pk: int):
    membership = _managed_membership(request, pk, membership_pk)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, f"{membership.user} ne fait plus partie de l’organisation.")
    return redirect("accounts:organisation", pk=pk)


# ------------------------------------------------------------------ staff


@staff_required
@require_GET
def staff_requests(request):
    return render(
        request,
        "accounts/staff_requests.html",
        {
            "requests": [
                (item, origin, RequestDecisionForm(prefix=f"demande-{item.pk}", origin=origin))
                for item in selectors.pending_requests()
                for origin in [selectors.request_origin(item)]
            ],
            "referent_requests": selectors.pending_referent_requests(),
            "breadcrumb": {"current": "Demandes de rattachement"},
        },
    )


@staff_required
@require_POST
def staff_request_decide(request, pk: int):
    item = get_object_or_404(MembershipRequest.objects.select_related("user"), pk=pk)
    form = RequestDecisionForm(
        request.POST, prefix=f"demande-{pk}", origin=selectors.request_origin(item)
    )
    if not form.is_valid():
        messages.error(request, "Choisissez d’accepter ou de refuser la demande.")
        return redirect("accounts:staff_requests")
    data = form.cleaned_data
    try:
        if REQUEST_WORKFLOW.by_slug(data["decision"]).name == "accept":
            _, email = services.membership_request_accept(
                actor=request.user,
                request=item,
                organisation_name=data.get("organisation_name", ""),
                organisation_kind=data.get("organisation_kind", ""),
                comment=data["comment"],
            )
            done = f"Demande de {item.user} acceptée."
        else:
            _, email = services.membership_request_refuse(
                actor=request.user, request=item, comment=data["comment"]
            )
            done = f"Demande de {item.user} refusée."
    except BusinessError as error:
        refusal_show(request, error)
        return redirect("accounts:staff_requests")
    if email is None:
        messages.success(request, done)
        messages.info(
            request, f"Aucun courriel envoyé : {item.user} n’a pas d’adresse électronique connue."
        )
    else:
        messages.success(request, f"{done} Le courriel à {email.to} part dans quelques instants.")
    return redirect("accounts:staff_requests")


@staff_required
@require_http_methods(["GET", "POST"])
def staff_organisations(request):
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.organisation_create(actor=request.user, **form.cleaned_data)
        except BusinessError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, f"Organisation « {created.name} » créée.")
            return redirect("accounts:staff_organisations")
    page = Paginator(selectors.organisations_for_staff(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/staff_organisations.html",
        {"form": form, "page": page, "breadcrumb": {"current": "Organisations"}},
    )


@staff_required
@require_GET
def staff_audit(request):
    action = request.GET.get("action", "")
    if action not in AuditAction.values:
        action = ""
    page = Paginator(selectors.audit_events(action=action), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/staff_audit.html",
        {
            "page": page,
            "action": action,
            "actions": AuditAction.choices,
            "breadcrumb": {"current": "Journal"},
        },
    )


@staff_required
@require_GET
def staff_jobs(request):
    """The jobs that failed for good, with their error, each with a button to run it again."""
    page = Paginator(selectors.failed_jobs(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/staff_jobs.html",
        {"page": page, "breadcrumb": {"current": "Tâches en échec"}},
    )


@staff_required
@require_POST
def staff_job_retry(request, pk: int):
    failed_job = get_object_or_404(FailedJob, pk=pk)
    try:
        services.failed_job_retry(actor=request.user, failed_job=failed_job)
    except BusinessError as error:
        refusal_show(request, error)
    else:
        messages.success(request, f"La tâche {failed_job.task} est relancée.")
    return redirect("accounts:staff_jobs")


@staff_required
@require_GET
def staff_emails(request):
    """The e-mails not sent yet: waiting for their next try, or given up after a day."""
    page = Paginator(selectors.undelivered_emails(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/staff_emails.html",
        {"page": page, "breadcrumb": {"current": "Courriels non remis"}},
    )
