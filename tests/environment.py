"""Loaded by pytest before Django (``-p tests.environment``): the test settings.

The suite runs with the development defaults (no HTTPS redirect, a throw-away
secret key); pytest-django still turns ``DEBUG`` off while tests run. The
production values are checked by ``tests/core/test_settings.py`` in a
separate process.
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
# Jobs run at once, in the test's process (tests/jobs.py); a test that starts a worker says so.
os.environ.setdefault("HUEY_IMMEDIATE", "1")
