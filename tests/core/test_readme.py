"""Every command the README shows works as it is written, on a checkout where `make run` has
run: its shell blocks and its table of commands are read from the README itself.

The `manage.py` commands run in a subprocess, in a copy of the checkout's layout (the code
linked, `manage.py` copied, the `.env` written by the Makefile's own rule), on a temporary
SQLite database, without DEBUG or SECRET_KEY in the environment, as in a developer's shell.
The `make` targets are checked with `make -n` (they install, serve or run this very suite).
"""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
README = ROOT / "README.md"
# What `make run` does to the database before the README's commands (see the Makefile).
MAKE_RUN_SETUP = [
    ".venv/bin/python manage.py migrate --noinput",
    ".venv/bin/python manage.py import_referentiel",
]


def readme_commands(text: str) -> list[str]:
    """The command lines of the README, in order: each line of its ``sh`` blocks (without its
    comment) and the first cell of its tables when it is a command."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                commands.append(line)
    for cell in re.findall(r"^\| `([^`]+)` \|", text, re.M):
        if cell.startswith(("make", ".venv/bin/python")):
            commands.append(cell)
    return list(dict.fromkeys(commands))


def test_the_readme_is_read_whole():
    commands = readme_commands(README.read_text(encoding="utf-8"))
    assert "make run" in commands
    assert ".venv/bin/python manage.py grant_staff paul.garnier@reseau.exemple.fr" in commands
    assert ".venv/bin/python manage.py recompute_campaign 2026" in commands
    assert 'make test ARGS="tests/geo -k recherche"' in commands


@pytest.fixture
def checkout(tmp_path):
    """A checkout as `make run` leaves it: the code, and the `.env` the Makefile writes."""
    project = tmp_path / "territoires"
    project.mkdir()
    for name in ("config", "territoires", ".venv", "node_modules", "Makefile"):
        (project / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "manage.py", project / "manage.py")
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
        and not name.startswith(("PYTEST", "OIDC_"))
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    # The settings find the code's folder through the links: files go to the test's own.
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    return project, env


def shell(line: str, project: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", line], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


def test_every_command_of_the_readme_works_as_shown(checkout):
    project, env = checkout
    commands = readme_commands(README.read_text(encoding="utf-8"))
    grant = next(line for line in commands if "grant_staff" in line)
    # Without the `.env` of `make run`, the settings refuse to start (no SECRET_KEY): this is
    # what the README's commands met before.
    refused = shell(grant, project, env)
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr

    made = subprocess.run(
        ["make", ".env"], cwd=project, env=env, capture_output=True, text=True, timeout=60
    )
    assert made.returncode == 0, made.stderr
    for line in MAKE_RUN_SETUP:
        done = shell(line, project, env)
        assert done.returncode == 0, f"{line}\n{done.stderr}"
    # The README's staff account has signed in once, as the README says it must.
    created = shell(
        '.venv/bin/python manage.py shell -c "from territoires.accounts.models import User; '
        "User.objects.create(email='paul.garnier@reseau.exemple.fr')\"",
        project,
        env,
    )
    assert created.returncode == 0, created.stderr

    for line in commands:
        if line.startswith("make"):
            done = subprocess.run(
                ["make", "-n", *shlex.split(line)[1:]],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=60,
            )
        else:
            done = shell(line, project, env)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
    staff = shell(
        '.venv/bin/python manage.py shell -c "from territoires.accounts.models import User; '
        "print(User.objects.get(email='paul.garnier@reseau.exemple.fr').is_staff)\"",
        project,
        env,
    )
    assert staff.returncode == 0, staff.stderr
    assert staff.stdout.split()[-1:] == ["True"], staff.stdout
