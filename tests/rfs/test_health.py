"""Issue 17: beat's schedule is always registered, and /healthz says when the sweep went quiet."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from rfs import beat, selectors
from rfs.celery import app as celery_app
from rfs.models import Heartbeat
from rfs.tasks import outbox_sweep


@pytest.fixture
def long_running(db, monkeypatch):
    """This web process has been up for an hour: the startup grace period is over."""
    monkeypatch.setattr(selectors, "PROCESS_STARTED_AT", timezone.now() - timedelta(hours=1))


def test_healthz_reports_the_sweep_ok_after_it_ran(client, long_running):
    outbox_sweep()

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    sweep = response.json()["outbox_sweep"]
    assert sweep["status"] == "ok"
    assert sweep["last_run_at"] == Heartbeat.objects.get(name="outbox-sweep").at.isoformat()


def test_healthz_reports_a_stale_sweep_without_failing_the_health_check(client, long_running):
    Heartbeat.objects.create(
        name="outbox-sweep", at=timezone.now() - timedelta(minutes=3, seconds=5)
    )

    response = client.get(reverse("healthz"))

    # docker-compose's check decides on the status code alone: it stays 200.
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["outbox_sweep"]["status"] == "stale"


def test_healthz_reports_no_sweep_ever_as_stale_after_the_grace_period(client, long_running):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["outbox_sweep"] == {"status": "stale", "last_run_at": None}


def test_healthz_reports_starting_inside_the_grace_period(client, db, monkeypatch):
    monkeypatch.setattr(selectors, "PROCESS_STARTED_AT", timezone.now() - timedelta(minutes=2))

    response = client.get(reverse("healthz"))

    assert response.json()["outbox_sweep"] == {"status": "starting", "last_run_at": None}


def test_outbox_sweep_records_one_heartbeat_row(db):
    outbox_sweep()
    first = Heartbeat.objects.get(name="outbox-sweep").at
    outbox_sweep()

    assert Heartbeat.objects.count() == 1
    assert Heartbeat.objects.get(name="outbox-sweep").at >= first


def test_beat_registers_every_entry_despite_a_locked_database(transactional_db, monkeypatch):
    monkeypatch.setattr(beat.time, "sleep", lambda seconds: None)
    real_from_entry = beat.DatabaseScheduler.Entry.from_entry.__func__
    failures = {"outbox-sweep": 2, "screening-reminders": 1}

    def from_entry(cls, name, app=None, **fields):
        if failures.get(name):
            failures[name] -= 1
            raise OperationalError("database is locked")
        return real_from_entry(cls, name, app=app, **fields)

    monkeypatch.setattr(beat.DatabaseScheduler.Entry, "from_entry", classmethod(from_entry))

    scheduler = beat.DatabaseScheduler(app=celery_app)

    expected = set(celery_app.conf.beat_schedule)
    assert expected <= set(PeriodicTask.objects.values_list("name", flat=True))
    assert expected <= set(scheduler.schedule)


def test_beat_registration_is_idempotent(transactional_db):
    beat.DatabaseScheduler(app=celery_app)
    beat.DatabaseScheduler(app=celery_app)

    names = list(PeriodicTask.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert set(celery_app.conf.beat_schedule) <= set(names)


def test_beat_stops_with_an_error_when_an_entry_never_registers(transactional_db, monkeypatch):
    monkeypatch.setattr(beat.time, "sleep", lambda seconds: None)

    real_from_entry = beat.DatabaseScheduler.Entry.from_entry.__func__

    def from_entry(cls, name, app=None, **fields):
        if name == "outbox-sweep":
            raise OperationalError("database is locked")
        return real_from_entry(cls, name, app=app, **fields)

    monkeypatch.setattr(beat.DatabaseScheduler.Entry, "from_entry", classmethod(from_entry))

    with pytest.raises(RuntimeError, match="Beat could not register outbox-sweep after 9 attempts"):
        beat.DatabaseScheduler(app=celery_app)


def test_healthz_answers_when_the_heartbeat_table_is_missing(client, long_running, monkeypatch):
    from django.db import ProgrammingError

    from rfs.views import pages

    def missing(**_):
        raise ProgrammingError("no such table: rfs_heartbeat")

    monkeypatch.setattr(pages, "outbox_sweep_health", missing)

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["outbox_sweep"] == {"status": "unknown", "last_run_at": None}
