"""gunicorn's settings, read from the working directory by every way the web runs
(Dockerfile, docker-compose.yml, Procfile): the hooks /metrics needs.

gunicorn runs several worker processes; each keeps its own figures. prometheus-client's
multiprocess mode has each write them to files in ``PROMETHEUS_MULTIPROC_DIR``, and the
/metrics view (``rfs.metrics``) sums them. The directory is set here, before any worker
imports prometheus-client, and emptied when gunicorn starts so that a restart does not
count the previous run's requests twice.
"""

import os
import shutil
from pathlib import Path

_var = Path(os.environ.get("RFS_VAR_DIR") or Path(__file__).resolve().parent / "var")
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_var / "prometheus"))


def on_starting(server):
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    """A worker exited: its live gauges stop counting (counters and histograms stay)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
