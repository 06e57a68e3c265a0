"""Loaded by the two-beats test's worker (``--include``): one line per task run, with its
time and name, in the file RFS_TASK_RUN_LOG names."""

import os
import time

from celery.signals import task_prerun


@task_prerun.connect
def record_run(sender=None, task=None, **_) -> None:
    with open(os.environ["RFS_TASK_RUN_LOG"], "a") as log:
        log.write(f"{time.time():.3f} {task.name}\n")
