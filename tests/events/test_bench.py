"""The agenda's benchmark runs at a tiny size (``BENCH_SCALE``), in a process and a
SQLite database of its own, and says what it measured."""

import subprocess
import sys

from django.conf import settings

from tests.production import PRODUCTION_ENVIRONMENT, environment


def test_the_benchmark_runs_at_a_tiny_size(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.events"],
        cwd=settings.BASE_DIR,
        env=environment(
            **{
                **PRODUCTION_ENVIRONMENT,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
            },
            DJANGO_SETTINGS_MODULE="config.settings",
            BENCH_SCALE="0.0025",
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "préparation : 50 événements, 500 inscriptions" in result.stdout
    for line in ("page de l’agenda, p95", "flux iCalendar (", "la référence"):
        assert line in result.stdout
