"""The workplace's part of a candidate's data export and erasure (``rfs.registry``)."""

from candidates.models import Candidate

from .models import CandidateFile, Note, SegmentRecipient


def export_sections(candidate: Candidate) -> dict:
    """Colleagues' notes are working records about the candidate: the export says that
    they exist and how many, not what they say. One query."""
    return {
        "team_notes": {
            "what_this_is": (
                "How many notes our team has written about working with you. Their text "
                "isn't included; just reply to any of our emails to ask about them."
            ),
            "count": Note.objects.filter(candidate=candidate).count(),
        }
    }


def candidate_erasing(*, candidate: Candidate) -> None:
    """Erasure deletes every note about the candidate, their owner and tags, and which
    emails to segments they were sent (the outbox rows are erased with the account)."""
    Note.objects.filter(candidate=candidate).delete()
    CandidateFile.objects.filter(candidate=candidate).delete()
    SegmentRecipient.objects.filter(candidate=candidate).delete()
