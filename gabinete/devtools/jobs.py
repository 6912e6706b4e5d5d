"""A job kind for the tests of the queue (development tooling, never in production): it waits until
a file exists, so a test can kill the worker that holds it mid-job."""

import time
from pathlib import Path

from gabinete import jobs


@jobs.register("devtools.wait", "Prueba: documento que espera una señal", allowed=lambda user, params: True)
def wait_for_gate(job):
    """Write `started` beside the gate (with the attempt number), wait for `gate`, make a small file."""
    gate = Path(job.params["gate"])
    (gate.parent / f"started-{job.attempts}").write_text(str(job.pk))
    deadline = time.monotonic() + float(job.params.get("timeout", 60))
    while not gate.exists():
        if time.monotonic() > deadline:
            raise TimeoutError("gate")
        time.sleep(0.05)
    return jobs.JobOutput("prueba.txt", f"documento {job.pk}".encode())
