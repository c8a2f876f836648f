"""Errors of the OpenID Connect flow: a machine code for the audit log, a French message."""


class OIDCError(Exception):
    """A sign-in or sign-out that must not go on.

    ``code`` is logged (short, English, stable); ``message`` is shown to the user.
    """

    default_message = (
        "La connexion n’a pas pu être vérifiée. Aucune session n’a été ouverte : "
        "vous pouvez réessayer."
    )

    def __init__(self, code: str, message: str | None = None, *, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.message = message or self.default_message
        self.detail = detail


class ProviderError(OIDCError):
    """The provider answered the callback with an ``error`` (RFC 6749 §4.1.2.1)."""

    def __init__(self, error: str, description: str = ""):
        super().__init__(
            f"provider_error:{error}", provider_error_message(error), detail=description
        )


PROVIDER_ERROR_MESSAGES = {
    "access_denied": "Vous avez annulé la connexion, ou le fournisseur d’identité l’a refusée.",
    "login_required": "Le fournisseur d’identité demande de vous authentifier à nouveau.",
    "consent_required": "Le fournisseur d’identité n’a pas obtenu votre consentement.",
    "interaction_required": "Le fournisseur d’identité a besoin d’une action de votre part.",
    "account_selection_required": "Le fournisseur d’identité demande de choisir un compte.",
    "invalid_request": "Le fournisseur d’identité a jugé la demande de connexion invalide.",
    "invalid_request_uri": "Le fournisseur d’identité a jugé la demande de connexion invalide.",
    "invalid_request_object": "Le fournisseur d’identité a jugé la demande de connexion invalide.",
    "invalid_scope": "Le fournisseur d’identité a refusé les informations demandées.",
    "unauthorized_client": "Notre service n’est pas autorisé par le fournisseur d’identité.",
    "unsupported_response_type": "Le fournisseur d’identité n’accepte pas ce type de demande.",
    "request_not_supported": "Le fournisseur d’identité n’accepte pas ce type de demande.",
    "request_uri_not_supported": "Le fournisseur d’identité n’accepte pas ce type de demande.",
    "registration_not_supported": "Le fournisseur d’identité n’accepte pas ce type de demande.",
    "server_error": "Le fournisseur d’identité a rencontré une erreur.",
    "temporarily_unavailable": "Le fournisseur d’identité est momentanément indisponible.",
}


def provider_error_message(error: str) -> str:
    return PROVIDER_ERROR_MESSAGES.get(
        error, "Le fournisseur d’identité a signalé une erreur lors de la connexion."
    )
