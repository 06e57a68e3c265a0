"""The whole beat schedule, in one place (CELERY_BEAT_SCHEDULE; rfs.beat registers it)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every minute: send outbox rows that no task picked up (broker down, worker died).
    "outbox-sweep": {"task": "rfs.tasks.outbox_sweep", "schedule": crontab()},
    # Daily at 06:00 UTC: create the weekly intro-call sessions of the coming weeks.
    "intro-calls-generate": {
        "task": "candidates.tasks.intro_calls_generate_task",
        "schedule": crontab(minute=0, hour=6),
    },
    # Every 5 minutes: queue the intro-call reminders that are due (24 hours and 1 hour before).
    "intro-call-reminders": {
        "task": "candidates.tasks.intro_call_reminders_task",
        "schedule": crontab(minute="*/5"),
    },
    # Every 5 minutes: queue 1:1 screening reminders (a day before) and log-due nudges (a day after).
    "screening-reminders": {
        "task": "candidates.tasks.screening_reminders_task",
        "schedule": crontab(minute="*/5"),
    },
    # Every 30 minutes: refresh the dashboard's summary tables and the public impact figures.
    "analytics-refresh": {
        "task": "rfs.tasks.analytics_refresh_task",
        "schedule": crontab(minute="*/30"),
    },
    # Every 15 minutes: widen questions nobody claimed within 48 hours and tell the director.
    "mentorship-escalations": {
        "task": "mentorship.tasks.questions_escalate_task",
        "schedule": crontab(minute="*/15"),
    },
    # Every 15 minutes: the directors' daily digest, to each whose local 08:00 has passed.
    "director-digests": {
        "task": "workplace.tasks.digests_send_task",
        "schedule": crontab(minute="*/15"),
    },
    # Daily at 14:00 UTC: remind reviewers whose recommendations and votes are due.
    "endorsement-review-reminders": {
        "task": "endorsements.tasks.review_reminders_task",
        "schedule": crontab(minute=0, hour=14),
    },
    # Daily at 15:00 UTC: ask candidates whose election day has passed for their result.
    "election-result-requests": {
        "task": "endorsements.tasks.result_requests_task",
        "schedule": crontab(minute=0, hour=15),
    },
}
