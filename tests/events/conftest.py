"""The agenda's tests happen on 1 June 2026 at noon, Paris time (10:00 UTC), unless a test
travels elsewhere."""

from datetime import UTC, datetime

import pytest

NOW = datetime(2026, 6, 1, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _first_of_june(time_machine):
    time_machine.move_to(NOW)
