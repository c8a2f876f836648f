"""The local development settings that `make run` writes to `.env`, read by `manage.py` only.

`make run` writes a git-ignored `.env` beside `manage.py` (``DEBUG=1``), so that the commands
the README shows (``.venv/bin/python manage.py grant_staff …``) work on a development checkout
as they are written. Only `manage.py` reads it, never the WSGI or ASGI entry points that serve
the site in production; a variable set in the environment always wins over the file.
"""

import os
from pathlib import Path


def local_env_load(path: Path) -> None:
    """Set each ``NAME=value`` line of ``path`` (if the file exists) that the environment does
    not set already; blank lines and ``#`` comments are skipped."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        os.environ.setdefault(name.strip(), value.strip())
