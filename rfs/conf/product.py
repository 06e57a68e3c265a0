"""The product's own settings: limits and timings of the pipeline, each from the
environment with a sensible default (README, "Configuration")."""

import os

from rfs.conf.env import env_list

# How many weeks of intro-call sessions the daily generator keeps created ahead.
RFS_INTRO_CALL_WEEKS_AHEAD = int(os.environ.get("RFS_INTRO_CALL_WEEKS_AHEAD", "4"))

# The youngest a person may be to sign up.
RFS_MIN_SIGNUP_AGE = int(os.environ.get("RFS_MIN_SIGNUP_AGE", "18"))

# Endorsement eligibility (endorsements.eligibility): age on election day, the offices
# that count as down-ballot, and how many earlier runs a candidate may have had.
RFS_ENDORSEMENT_MIN_AGE = int(os.environ.get("RFS_ENDORSEMENT_MIN_AGE", "18"))
RFS_ENDORSEMENT_MAX_AGE = int(os.environ.get("RFS_ENDORSEMENT_MAX_AGE", "40"))
RFS_ENDORSEMENT_LEVELS = env_list(
    "RFS_ENDORSEMENT_LEVELS",
    "state_legislature,county,municipal,school_board,judicial,special_district",
)
# 2: a first or second run (earlier runs from the signup answer and from earlier races).
RFS_ENDORSEMENT_MAX_RUN = int(os.environ.get("RFS_ENDORSEMENT_MAX_RUN", "2"))
# Filing evidence: the largest upload accepted.
RFS_UPLOAD_MAX_BYTES = int(os.environ.get("RFS_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

# Mentorship routing: how many mentors hear of a new question at once, how long before
# it widens, and how many more hear of it then.
RFS_MENTOR_NOTIFY_FIRST = int(os.environ.get("RFS_MENTOR_NOTIFY_FIRST", "3"))
RFS_MENTOR_ESCALATE_HOURS = int(os.environ.get("RFS_MENTOR_ESCALATE_HOURS", "48"))
RFS_MENTOR_NOTIFY_WIDER = int(os.environ.get("RFS_MENTOR_NOTIFY_WIDER", "10"))

# The workplace inbox: a candidate this many days in one stage needs a follow-up; the
# counts in the staff navigation are kept this many seconds.
RFS_INBOX_STUCK_DAYS = int(os.environ.get("RFS_INBOX_STUCK_DAYS", "30"))
RFS_INBOX_COUNT_SECONDS = int(os.environ.get("RFS_INBOX_COUNT_SECONDS", "300"))

# Refused by seed_demo and shown nowhere else; `make run` prints it.
RFS_DEMO_PASSWORD = os.environ.get("RFS_DEMO_PASSWORD", "rfs-demo-2026")

# Seconds a worker holds an outbox row it is sending; a row still unsent after that (its
# worker died) goes back to the sweep. Batches stop taking new rows at half of it.
RFS_OUTBOX_LEASE_SECONDS = int(os.environ.get("RFS_OUTBOX_LEASE_SECONDS", "300"))

# One beat at a time: the lock it holds lapses this long after it stops renewing it (it
# died), and a beat on standby then takes over.
RFS_BEAT_LOCK_SECONDS = int(os.environ.get("RFS_BEAT_LOCK_SECONDS", "30"))
