"""The embedded broker: kombu's filesystem transport, with messages that appear whole.

kombu's ``filesystem://`` transport writes a message straight into the queue folder
(open, lock, write). A worker polling that folder can list the file before the bytes are
in, read it empty, and die with "Unrecoverable error: JSONDecodeError" (kombu issue
1551): the flock does not help, because the reader never takes it. Here a message is
written to a hidden file beside the queue and renamed into place (``os.replace`` is
atomic within one filesystem), so a reader sees the whole message or nothing. A message
that is unreadable all the same (a disk that filled up, a file left by an older kombu) is
logged and dropped instead of stopping the worker: emails wait as outbox rows, and the
sweep hands them to a new task.

Importing this module registers the transport for ``filesystem://`` URLs in this
process; ``rfs/celery.py`` imports it, so the web, the worker and beat all use it.
"""

import contextlib
import logging
import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

logger = logging.getLogger(__name__)

# Temporary files start with a dot: kombu's reader takes only "<stamp>_<uuid>.<queue>.msg".
TEMP_PREFIX = ".incoming-"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put ``payload`` onto ``queue``: written beside it, then renamed into place."""
        filename = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, filename)
        temporary = os.path.join(self.data_folder_out, f"{TEMP_PREFIX}{uuid.uuid4().hex}")
        try:
            with open(temporary, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(temporary, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(temporary)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _get(self, queue):
        """The next readable message on ``queue``; an unreadable one is logged and skipped."""
        while True:
            try:
                return super()._get(queue)
            except ValueError as error:  # json.JSONDecodeError, UnicodeDecodeError
                logger.error("Embedded broker: dropped an unreadable message on %r: %s", queue, error)


class Transport(filesystem.Transport):
    Channel = Channel


TRANSPORT_ALIASES["filesystem"] = f"{__name__}:Transport"
