"""Metrics in Prometheus's text format, at /metrics behind a bearer token.

Two kinds of figures:

- Counted as they happen, in the web process: request latency by view
  (``rfs_http_request_duration_seconds``, labelled with the resolved view's name, never
  the raw path, so a URL with an id is one series). gunicorn runs several worker
  processes, so prometheus-client runs in multiprocess mode: with
  ``PROMETHEUS_MULTIPROC_DIR`` set (``gunicorn.conf.py`` sets and empties it), each
  process writes its figures to files there and a scrape sums them.
- Read from the database at scrape time, so they are the same whichever web process
  or host answers: the outbox's queue depth and the age of its oldest due email, Celery
  task failures (counted by each worker into ``TaskFailureCount``, from any host), when
  each periodic task last ran (django-celery-beat's ``last_run_at``) and each heartbeat.

Behind a proxy every request seems to come from the proxy, so an address list protects
nothing: the endpoint answers only ``Authorization: Bearer <RFS_METRICS_TOKEN>``, is a 404
while the token is unset, and compares tokens in constant time.
"""

import logging
import os
import time

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from prometheus_client import REGISTRY, CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from .enums import EmailStatus
from .models import Heartbeat, OutboundEmail, TaskFailureCount

logger = logging.getLogger(__name__)

REQUEST_LATENCY = Histogram(
    "rfs_http_request_duration_seconds",
    "Time to answer a request, by resolved view name, method and status class.",
    ["view", "method", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class RequestLatencyMiddleware:
    """Time every request and record it under the name of the view that answered.

    A path no URL pattern matched is "<unresolved>": a scanner probing random paths
    adds one series, not one per path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match is not None else "<unresolved>"
        REQUEST_LATENCY.labels(
            view=view,
            method=request.method if request.method in _METHODS else "other",
            status=f"{response.status_code // 100}xx",
        ).observe(time.perf_counter() - started)
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
# Counting every sent email at each scrape would read the whole outbox.
_UNCOUNTED = {EmailStatus.SENT, EmailStatus.SUPPRESSED}


class DatabaseCollector:
    """Figures read from the database when Prometheus scrapes (a handful of queries)."""

    def collect(self):
        now = timezone.now()
        due = OutboundEmail.objects.filter(
            status=EmailStatus.QUEUED, next_attempt_at__lte=now
        ).aggregate(count=models.Count("pk"), oldest=models.Min("next_attempt_at"))
        depth = GaugeMetricFamily(
            "rfs_outbox_due_emails",
            "Emails due to be sent and not sent yet (queued and due, not counting retries "
            "waiting for their time).",
        )
        depth.add_metric([], due["count"])
        yield depth
        age = GaugeMetricFamily(
            "rfs_outbox_oldest_due_age_seconds",
            "How long the oldest due email has waited since it was due (0 when none).",
        )
        age.add_metric([], (now - due["oldest"]).total_seconds() if due["oldest"] else 0)
        yield age
        by_status = GaugeMetricFamily(
            "rfs_outbox_emails",
            "Outbox rows by status, but for sent and unsubscribed ones (they only grow).",
            labels=["status"],
        )
        counted = [s for s in EmailStatus.values if s not in _UNCOUNTED]
        counts = {
            row["status"]: row["n"]
            for row in OutboundEmail.objects.filter(status__in=counted)
            .order_by()
            .values("status")
            .annotate(n=models.Count("pk"))
        }
        for status in counted:
            by_status.add_metric([status], counts.get(status, 0))
        yield by_status

        failures = CounterMetricFamily(
            "rfs_celery_task_failures",
            "Celery tasks that raised, by task name, counted by every worker.",
            labels=["task"],
        )
        for task, count in TaskFailureCount.objects.values_list("task", "failures"):
            failures.add_metric([task], count)
        yield failures

        last_run = GaugeMetricFamily(
            "rfs_periodic_task_last_run_timestamp_seconds",
            "When beat last ran each periodic task (Unix time; django-celery-beat's record).",
            labels=["task"],
        )
        from django_celery_beat.models import PeriodicTask

        for name, at in PeriodicTask.objects.filter(enabled=True).values_list(
            "name", "last_run_at"
        ):
            if at is not None:
                last_run.add_metric([name], at.timestamp())
        yield last_run
        heartbeat = GaugeMetricFamily(
            "rfs_heartbeat_timestamp_seconds",
            "When a periodic job last recorded that it ran (Unix time; outbox-sweep...).",
            labels=["job"],
        )
        for name, at in Heartbeat.objects.values_list("name", "at"):
            heartbeat.add_metric([name], at.timestamp())
        yield heartbeat


def metrics_text() -> bytes:
    """Every figure in Prometheus's text format: the processes' (summed when there are
    several) and the database's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        counted = generate_latest(registry)
    else:
        counted = generate_latest(REGISTRY)
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    return counted + generate_latest(database)


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus's scrape: ``Authorization: Bearer <RFS_METRICS_TOKEN>``.

    404 while no token is configured (as if there were no such page), 401 without a
    bearer token, 403 with a wrong one.
    """
    expected = settings.RFS_METRICS_TOKEN
    if not expected:
        raise Http404
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        response = HttpResponse("A bearer token is required.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if not constant_time_compare(given.strip(), expected):
        return HttpResponse("Wrong token.\n", status=403)
    # The classic text format (0.0.4): Prometheus 2 and 3 both read it.
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_PLAIN_0_0_4)


def task_failure_record(*, task: str) -> None:
    """Count one failure of ``task`` (a Celery ``task_failure`` signal in the worker)."""
    now = timezone.now()
    updated = TaskFailureCount.objects.filter(task=task).update(
        failures=models.F("failures") + 1, last_failed_at=now
    )
    if not updated:
        try:
            with transaction.atomic():
                TaskFailureCount.objects.create(task=task, failures=1, last_failed_at=now)
        except IntegrityError:  # another worker counted its first failure at the same time
            TaskFailureCount.objects.filter(task=task).update(
                failures=models.F("failures") + 1, last_failed_at=now
            )


def on_task_failure(sender=None, **_) -> None:
    """Celery's ``task_failure`` signal: count it; never let counting break the worker."""
    try:
        task_failure_record(task=getattr(sender, "name", None) or str(sender))
    except Exception:
        logger.warning("Could not count a task failure.", exc_info=True)
