"""The session clock of tests/conftest.py holds in every process that runs tests: `make test` runs
the suite in parallel (pytest-xdist workers), and `make test-dates` moves the clock with `--clock`."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import clock_start


@pytest.mark.date_sensitive  # so that `make test-dates` checks each of its clocks too
def test_every_test_process_runs_on_the_session_clock(request):
    expected = clock_start(request.config)
    assert expected <= timezone.now() < expected + timedelta(hours=2)
