"""Production settings read from the environment pass Django's deployment checks."""

import os
import subprocess
import sys

from django.conf import settings


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="territoires-numeriques.example",
        DATABASE_URL="sqlite:///:memory:",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_without_debug():
    result = run_manage("check", ALLOWED_HOSTS="territoires-numeriques.example")

    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


def test_production_collectstatic_gathers_every_static_file(tmp_path):
    """The manifest storage rewrites every CSS url(): any missing file would stop the deploy."""
    result = run_manage(
        "collectstatic",
        "--noinput",
        "-v0",
        SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="territoires-numeriques.example",
        DATABASE_URL="sqlite:///:memory:",
        STATIC_ROOT=str(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    for path in settings.NPM_STATIC_FILES:
        assert (tmp_path / path).is_file()
    assert (tmp_path / "staticfiles.json").is_file()


def test_email_settings_are_read_from_the_environment():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, "
        "s.EMAIL_TIMEOUT, s.DEFAULT_FROM_EMAIL, s.INVITATION_VALIDITY_DAYS)",
        SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="territoires-numeriques.example",
        DATABASE_URL="sqlite:///:memory:",
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
