"""What a signup surge left behind, counted: people, candidates, their verification emails
queued and sent, and what the SMTP sink received for them.

    python -m bench.surge_counts DOMAIN [RECIPIENTS_FILE]    # prints one JSON line

Run with the benchmark's settings (``bench/run.py`` and ``bench/faults.py`` do). Every
person of a surge signs up with an address at ``DOMAIN``, so they are counted (and
removed before the next run) by it. ``RECIPIENTS_FILE`` is the sink's record
(``bench/smtp_sink.py --recipients``): one address a line per message received.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

# allauth's email with the code that confirms a new address (the outbox's ``purpose``).
VERIFICATION_PURPOSE = "email_confirmation_signup"


def received_from(path: str | Path | None) -> Counter:
    """Messages the sink received per address, from its recipients file."""
    if not path or not Path(path).exists():
        return Counter()
    return Counter(line.strip() for line in Path(path).read_text().splitlines() if line.strip())


def surge_counts(domain: str, received: Counter) -> dict:
    """The surge's figures, and ``ok``: every person is a candidate with their first stage
    change, and got exactly one verification email, queued, sent and received once."""
    from candidates.models import Candidate
    from rfs.enums import EmailStatus
    from rfs.models import OutboundEmail, User

    suffix = f"@{domain}"
    people = set(
        User.objects.filter(email__endswith=suffix).values_list("email", flat=True).iterator()
    )
    people = {address.lower() for address in people}
    candidates = Candidate.objects.filter(user__email__endswith=suffix)
    emails = OutboundEmail.objects.filter(to_email__endswith=suffix, purpose=VERIFICATION_PURPOSE)
    queued = Counter(address.lower() for address in emails.values_list("to_email", flat=True))
    sent = Counter(
        address.lower()
        for address in emails.filter(status=EmailStatus.SENT).values_list("to_email", flat=True)
    )
    ours = Counter({address: n for address, n in received.items() if address.endswith(suffix)})
    figures = {
        "people": len(people),
        "candidates": candidates.count(),
        "people_without_candidate": User.objects.filter(
            email__endswith=suffix, candidate__isnull=True
        ).count(),
        "candidates_without_stage_change": candidates.filter(stage_changes__isnull=True).count(),
        "emails_queued": sum(queued.values()),
        "emails_sent": sum(sent.values()),
        "emails_waiting": emails.exclude(status__in=[EmailStatus.SENT, EmailStatus.FAILED]).count(),
        "emails_failed": emails.filter(status=EmailStatus.FAILED).count(),
        "received": sum(ours.values()),
        "received_addresses": len(ours),
        "received_twice": sum(1 for n in ours.values() if n > 1),
        "people_not_received": len(people - set(ours)),
        "received_not_people": len(set(ours) - people),
    }
    once = all(counter.get(address) == 1 for address in people for counter in (queued, sent, ours))
    figures["ok"] = (
        once
        and figures["people"]
        == figures["candidates"]
        == figures["emails_queued"]
        == figures["emails_sent"]
        == figures["received"]
        and not figures["people_without_candidate"]
        and not figures["candidates_without_stage_change"]
        and not figures["received_not_people"]
    )
    return figures


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rfs.settings_bench")
    django.setup()
    if len(argv) < 2:
        raise SystemExit(__doc__)
    print(json.dumps(surge_counts(argv[1], received_from(argv[2] if len(argv) > 2 else None))))


if __name__ == "__main__":
    main(sys.argv)
