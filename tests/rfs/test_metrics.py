"""/metrics: Prometheus's text format behind a bearer token, and what it reports."""

import os
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
from celery.signals import task_failure
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from prometheus_client.parser import text_string_to_metric_families

from rfs import services
from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import Heartbeat, OutboundEmail
from rfs.tasks import outbox_sweep

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def token(settings):
    settings.RFS_METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client, token: str | None = TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(reverse("metrics"), **headers)


def samples(response) -> dict[tuple, float]:
    """``{(name, (sorted labels)): value}`` from the text format, as Prometheus reads it."""
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_is_a_404_while_no_token_is_configured(client, settings):
    settings.RFS_METRICS_TOKEN = ""

    assert scrape(client).status_code == 404
    assert scrape(client, token=None).status_code == 404


def test_metrics_without_a_token_is_a_401(client, token):
    response = scrape(client, token=None)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header", ["Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"]
)
def test_metrics_with_a_wrong_token_is_refused(client, token, header):
    response = client.get(reverse("metrics"), HTTP_AUTHORIZATION=header)

    assert response.status_code in {401, 403}
    assert b"rfs_" not in response.content


def test_metrics_with_the_token_reports_in_prometheus_format(client, token):
    response = scrape(client)

    assert response.status_code == 200
    # The classic text format every Prometheus version reads.
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    families = {f.name for f in text_string_to_metric_families(response.content.decode())}
    assert {
        "rfs_http_request_duration_seconds",
        "rfs_outbox_due_emails",
        "rfs_outbox_oldest_due_age_seconds",
        "rfs_outbox_emails",
        "rfs_celery_task_failures",
        "rfs_periodic_task_last_run_timestamp_seconds",
        "rfs_heartbeat_timestamp_seconds",
    } <= families


def test_request_latency_is_labelled_by_view_name_never_by_path(client, token, candidate_user):
    client.get(reverse("healthz"))
    client.get("/no/such/page/12345/")
    client.force_login(candidate_user)
    client.get(reverse("candidates:journey"))

    found = samples(scrape(client))

    def count(view: str, status: str) -> float:
        labels = (("method", "GET"), ("status", status), ("view", view))
        return found.get(("rfs_http_request_duration_seconds_count", labels), 0)

    assert count("healthz", "2xx") >= 1
    assert count("candidates:journey", "2xx") >= 1
    assert count("<unresolved>", "4xx") >= 1
    assert not any("12345" in str(labels) for _name, labels in found)


def test_outbox_depth_and_the_age_of_the_oldest_due_email(client, token):
    now = timezone.now()
    for minutes, status in [(10, EmailStatus.QUEUED), (2, EmailStatus.QUEUED)]:
        email = services.email_queue(
            purpose="test",
            to_email=f"due{minutes}@example.org",
            content=RenderedEmail(subject="s", text="t", html=""),
        )
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=status, next_attempt_at=now - timedelta(minutes=minutes)
        )
    later = services.email_queue(
        purpose="test",
        to_email="later@example.org",
        content=RenderedEmail(subject="s", text="t", html=""),
        send_at=now + timedelta(days=2),
    )
    assert later.status == EmailStatus.QUEUED

    found = samples(scrape(client))

    assert found[("rfs_outbox_due_emails", ())] == 2
    assert 600 <= found[("rfs_outbox_oldest_due_age_seconds", ())] < 700
    assert found[("rfs_outbox_emails", (("status", "queued"),))] == 3


def test_an_empty_outbox_reports_no_age(client, token):
    found = samples(scrape(client))

    assert found[("rfs_outbox_due_emails", ())] == 0
    assert found[("rfs_outbox_oldest_due_age_seconds", ())] == 0


def test_celery_task_failures_are_counted_by_task_from_the_signal(client, token):
    for _ in range(2):
        task_failure.send(sender=outbox_sweep, task_id="t", exception=RuntimeError("boom"))

    found = samples(scrape(client))

    assert found[("rfs_celery_task_failures_total", (("task", "rfs.tasks.outbox_sweep"),))] == 2


def test_a_real_failing_task_is_counted(client, token, monkeypatch):
    monkeypatch.setattr("rfs.services.sending.outbox_due_ids", lambda: 1 / 0)

    # As a worker runs it: the failure is recorded, not raised to the caller.
    result = outbox_sweep.apply(throw=False)

    assert result.failed()

    found = samples(scrape(client))
    assert found[("rfs_celery_task_failures_total", (("task", "rfs.tasks.outbox_sweep"),))] == 1


def test_each_periodic_tasks_last_run_and_heartbeats(client, token):
    ran = timezone.now() - timedelta(minutes=3)
    PeriodicTask.objects.create(
        name="outbox-sweep",
        task="rfs.tasks.outbox_sweep",
        crontab=CrontabSchedule.objects.create(),
        last_run_at=ran,
    )
    Heartbeat.objects.create(name="outbox-sweep", at=ran)

    found = samples(scrape(client))

    assert found[
        ("rfs_periodic_task_last_run_timestamp_seconds", (("task", "outbox-sweep"),))
    ] == pytest.approx(ran.timestamp())
    assert found[("rfs_heartbeat_timestamp_seconds", (("job", "outbox-sweep"),))] == (
        pytest.approx(ran.timestamp())
    )


def test_several_processes_figures_are_summed_in_multiprocess_mode(tmp_path):
    """gunicorn's workers each count their own requests; with PROMETHEUS_MULTIPROC_DIR
    (gunicorn.conf.py) a scrape sums them. Two forked processes stand in for two workers."""
    script = textwrap.dedent(
        """
        import os, django
        django.setup()
        from django.http import HttpResponse
        from django.test import RequestFactory
        from django.urls import resolve
        from prometheus_client import CollectorRegistry, generate_latest, multiprocess
        from rfs.metrics import RequestLatencyMiddleware

        def answer(request):
            request.resolver_match = resolve("/healthz")
            return HttpResponse()

        children = []
        for _ in range(2):
            pid = os.fork()
            if pid == 0:
                RequestLatencyMiddleware(answer)(RequestFactory().get("/healthz"))
                os._exit(0)
            children.append(pid)
        for pid in children:
            os.waitpid(pid, 0)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        print(generate_latest(registry).decode())
        """
    )
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "rfs.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert (
        'rfs_http_request_duration_seconds_count{method="GET",status="2xx",view="healthz"} 2.0'
        in result.stdout
    )
