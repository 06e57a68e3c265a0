"""/metrics under a real gunicorn with several workers, configured as the Dockerfile,
docker-compose.yml and the Procfile run it (gunicorn reads ./gunicorn.conf.py).

Each worker counts the requests it answered; a scrape, whichever worker answers it, must
report the sum (prometheus-client's multiprocess mode, PROMETHEUS_MULTIPROC_DIR).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.integration

TOKEN = "integration-metrics-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_gunicorn_workers_requests_are_summed_in_one_scrape(tmp_path):
    base = Path(settings.BASE_DIR)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {
        **os.environ,
        "PYTHONPATH": str(base),
        "DJANGO_SETTINGS_MODULE": "rfs.settings",
        # Its own database and broker: nothing shared with the test run.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
        "RFS_VAR_DIR": str(tmp_path / "var"),
        "RFS_METRICS_TOKEN": TOKEN,
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # gunicorn.conf.py sets it
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=base,
        env=env,
        check=True,
        timeout=300,
    )
    port = free_port()
    server = subprocess.Popen(
        [str(gunicorn), "rfs.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "3"],
        cwd=base,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                get(f"{url}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        for _ in range(19):  # 20 with the first above, spread over the workers
            assert get(f"{url}/healthz")[0] == 200

        assert get(f"{url}/metrics")[0] == 401
        assert get(f"{url}/metrics", token="wrong")[0] == 403
        status, text = get(f"{url}/metrics", token=TOKEN)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert status == 200
    counts = {
        sample.labels["view"]: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "rfs_http_request_duration_seconds_count"
        and sample.labels["status"] == "2xx"
    }
    # Whichever workers answered (the kernel picks; tests/rfs/test_metrics.py forks two
    # processes to make sure of summing), the one scrape counts all 20.
    assert counts["healthz"] == 20
