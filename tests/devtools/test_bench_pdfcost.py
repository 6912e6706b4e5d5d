"""The PDF cost scenario (issue 15 point 8): full path against bare WeasyPrint on the same HTML."""

import weasyprint
from django.utils import timezone

from gabinete.devtools import bench
from gabinete.devtools.bench import pdfcost


def test_pdf_cost_measures_the_full_path_and_bare_weasyprint_on_the_same_html_and_prints_the_ratio(directorates):
    ctx = bench.ScaleContext(scale=0.02, today=timezone.localdate())
    bench.ensure_bench_users(ctx, total=60)
    original = weasyprint.HTML
    page = bench.BenchPage("Nómina de direcciones (PDF)", "/nomina.pdf", "bench.enlace.aseo", kind="pdf")
    said = []
    [cost] = pdfcost.measure([page], ctx.users, repeat=1, say=said.append)
    assert weasyprint.HTML is original  # the capture is undone
    assert cost.status == 200
    assert len(cost.full) == 1 and len(cost.bare) == 1 and cost.pages >= 1
    assert cost.ratio is not None and cost.ratio > 0
    assert cost.cpu_ratio is not None and cost.cpu_ratio > 0  # the same runs in CPU time, beside the wall clock
    table = pdfcost.markdown_table([cost])
    assert "Nómina de direcciones (PDF)" in table and f"{cost.ratio:.2f}" in table
    assert f"{cost.cpu_ratio:.2f}" in table
    assert "razón" in said[0]
