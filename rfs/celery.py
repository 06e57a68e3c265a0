"""The Celery app: configured from Django settings (``CELERY_*``), tasks autodiscovered."""

import os

from celery import Celery
from celery.signals import task_failure, worker_process_shutdown, worker_shutdown

from . import broker  # noqa: F401  (filesystem:// gets the transport that writes messages whole)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rfs.settings")

app = Celery("rfs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_shutdown.connect  # a prefork child process exiting
@worker_shutdown.connect  # the worker itself (the solo and threads pools send from it)
def close_outbox_connections(**_) -> None:
    """Say QUIT to the mail server on the connections the outbox kept open."""
    from rfs.outbox_connection import close_all

    close_all()


@task_failure.connect
def count_task_failure(sender=None, **kwargs) -> None:
    """Count the failure for /metrics (``rfs_celery_task_failures``), in the database so
    that one scrape of any web process sees every worker host's."""
    from rfs.metrics import on_task_failure

    on_task_failure(sender=sender, **kwargs)
