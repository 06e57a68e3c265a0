"""Endorsements in the admin: cycles, applications with their review, and endorsements
(partner organisations are in ``resources.admin``).

Applications are scoped to the user's regions by ``RegionScopedAdmin`` and read-only
here: the review happens on the review page (``endorsements:review``), which the change
page links to. National staff decide in bulk with the "Endorse selected" and "Decline
selected" actions, which call ``services.reviews.decisions_make_bulk``.
"""

from . import applications, cycles, endorsements  # noqa: F401  (each module registers its model admins)
