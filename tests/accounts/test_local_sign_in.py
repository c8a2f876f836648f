"""Local sign-in for `make run`: the same loopback providers, never in production."""

import os
import subprocess
import sys

import pytest
import requests

from tests.oidc.server import ROOT, browser_session, start_provider


def test_production_settings_enable_no_provider_without_the_environment():
    """`make run` passes the local providers through OIDC_* variables; without them (as in
    production unless configured), no provider is on, so nothing can sign in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("OIDC_") and key != "DEBUG"
    }
    env.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="territoires.example.org", DEBUG="0")
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "django.setup(); from django.conf import settings; "
        "from territoires.accounts.oidc.config import configured_providers; "
        "print(settings.DEBUG, settings.OIDC_PROVIDERS, configured_providers())"
    )

    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert output.strip() == "False {} []"


def test_the_local_provider_has_no_test_endpoints_unless_asked(tmp_path):
    """`make run` starts the providers without --test-endpoints: nobody can tamper with them."""
    server = start_provider("proconnect", tmp_path / "pc.log", test_endpoints=False)
    try:
        response = browser_session().post(f"{server.issuer}/test/tamper", json={}, timeout=5)
        assert response.status_code == 404
        with pytest.raises(requests.HTTPError):
            server.rotate()
    finally:
        server.stop()
