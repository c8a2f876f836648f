"""The production settings, for tests that run the site as it is deployed (in a subprocess)."""

import os
import socket
import subprocess
import sys

from django.conf import settings

# The environment of a production deployment, less what each test sets itself.
PRODUCTION_ENVIRONMENT = {
    "SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "territoires-numeriques.example",
    "DATABASE_URL": "sqlite:///:memory:",
}
# Variables of the test run that a production process must not inherit.
TEST_ONLY_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "HUEY_IMMEDIATE",
}


def environment(**env: str) -> dict[str, str]:
    """This process's environment without the test settings, plus ``env``."""
    result = {key: value for key, value in os.environ.items() if key not in TEST_ONLY_VARIABLES}
    result.update(env)
    return result


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port() -> int:
    """A loopback port free now, for a server that cannot be told to take any (gunicorn
    prints the port it bound nowhere a test reads): it is taken again within a second."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
