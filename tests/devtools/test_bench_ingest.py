"""The ingest bench (issue 19 point 6) runs end to end on a small generated site: it fetches every
item, clusters its probes against the synthetic archive and writes its figures."""

import json

import pytest
from django.core.management import call_command

from archive.models import Article

pytestmark = pytest.mark.django_db


def test_the_ingest_bench_measures_a_small_site(tmp_path):
    output = tmp_path / "bench.json"
    call_command(
        "bench_ingest",
        "--i-know-this-is-not-production",
        "--sources=3",
        "--items=8",
        "--archive-size=200",
        "--probes=10",
        "--worker-sources=0",
        f"--output={output}",
    )
    figures = json.loads(output.read_text())
    assert figures["sequential"]["new_items"] == 24 and figures["sequential"]["errors"] == []
    assert figures["clustering"]["ms_median"] > 0
    assert Article.objects.exclude(signature=b"").count() >= 24
