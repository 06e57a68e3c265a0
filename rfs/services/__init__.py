"""Writes for people, roles, regions and the email outbox.

``from rfs.services import email_queue`` keeps working: the package re-exports each
module's services. Code that patches a module's internals (``_deliver``) names the module.
"""

from .heartbeats import heartbeat_record
from .outbox import email_queue, email_queue_template, email_unique_key
from .people import (
    user_add_role,
    user_deactivate,
    user_invite,
    user_set_language,
    user_set_roles,
)
from .regions import region_set_states
from .sending import SEND_BATCH_SIZE, SWEEP_GRACE, email_send, email_send_batch, outbox_due_ids

__all__ = [
    "SEND_BATCH_SIZE",
    "SWEEP_GRACE",
    "email_queue",
    "email_queue_template",
    "email_send",
    "email_send_batch",
    "email_unique_key",
    "heartbeat_record",
    "outbox_due_ids",
    "region_set_states",
    "user_add_role",
    "user_deactivate",
    "user_invite",
    "user_set_language",
    "user_set_roles",
]
