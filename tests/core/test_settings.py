"""Production settings read from the environment pass Django's deployment checks."""

import base64
import hashlib
import json

from django.conf import settings
from dsfr import checksums
from dsfr.constants import DsfrStaticAssets

from tests.production import PRODUCTION_ENVIRONMENT, run_manage


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION_ENVIRONMENT,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_without_debug():
    result = run_manage("check", ALLOWED_HOSTS="territoires-numeriques.example")

    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


def test_production_collectstatic_gathers_every_static_file(production_static_root):
    """The manifest storage rewrites every CSS url(): any missing file would stop the deploy."""
    for path in settings.NPM_STATIC_FILES:
        assert (production_static_root / path).is_file()
    assert (production_static_root / "staticfiles.json").is_file()


def test_production_static_files_of_the_dsfr_keep_their_integrity_hash(production_static_root):
    """django-dsfr's tags print the SRI hash of its files as shipped: the files served in
    production (the hashed names of the manifest) must have exactly those bytes, or the browser
    refuses them and the site is unstyled."""
    served = json.loads((production_static_root / "staticfiles.json").read_text())["paths"]

    for path, integrity in [
        (DsfrStaticAssets.DSFR_CSS, checksums.INTEGRITY_CSS),
        (DsfrStaticAssets.DSFR_UTILITY_CSS, checksums.INTEGRITY_UTILITY_CSS),
        (DsfrStaticAssets.DSFR_MODULE_JS, checksums.INTEGRITY_JS_MODULE),
        (DsfrStaticAssets.DSFR_NOMODULE_JS, checksums.INTEGRITY_JS_NOMODULE),
    ]:
        digest = hashlib.sha384((production_static_root / served[path]).read_bytes()).digest()
        assert "sha384-" + base64.b64encode(digest).decode() == integrity, path


def test_email_settings_are_read_from_the_environment():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, "
        "s.EMAIL_TIMEOUT, s.DEFAULT_FROM_EMAIL, s.INVITATION_VALIDITY_DAYS)",
        **PRODUCTION_ENVIRONMENT,
        EMAIL_HOST="smtp.territoires-numeriques.example",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="plateforme",
        EMAIL_HOST_PASSWORD="mot-de-passe",
        EMAIL_USE_TLS="1",
        EMAIL_TIMEOUT="4",
        DEFAULT_FROM_EMAIL="ne-pas-repondre@territoires-numeriques.example",
        INVITATION_VALIDITY_DAYS="14",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.territoires-numeriques.example",
        "587",
        "plateforme",
        "mot-de-passe",
        "True",
        "4.0",
        "ne-pas-repondre@territoires-numeriques.example",
        "14",
    ]
