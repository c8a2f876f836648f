"""Settings of the app under the HTTP benchmark: production settings, plus the reference views."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.http_server.urls"
