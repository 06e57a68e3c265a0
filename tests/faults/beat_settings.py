"""Settings for the two-beats test's processes: the project's, with every periodic task
on a short interval (RFS_TEST_BEAT_PERIOD seconds) and a queue of the test's own."""

import os
from datetime import timedelta

from rfs.settings import *  # noqa: F403
from rfs.settings import CELERY_BEAT_SCHEDULE as PROJECT_SCHEDULE

CELERY_BEAT_SCHEDULE = {
    name: {**entry, "schedule": timedelta(seconds=float(os.environ["RFS_TEST_BEAT_PERIOD"]))}
    for name, entry in PROJECT_SCHEDULE.items()
}
CELERY_TASK_DEFAULT_QUEUE = os.environ["RFS_TEST_QUEUE"]
