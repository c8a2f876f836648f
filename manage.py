#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    from config.local_env import local_env_load

    # The git-ignored `.env` that `make run` writes for local development (DEBUG=1).
    local_env_load(Path(__file__).resolve().parent / ".env")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
