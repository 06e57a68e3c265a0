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

kombu's reader also deletes a message as it takes it, so a worker killed before it
finished (and acknowledged) a task lost it: the outbox sweep of that minute, say. Here a
message a consumer takes (one that acknowledges) is moved to ``processing/<pid>/`` and
deleted on acknowledgement; a consumer that starts later puts back the messages of a
process that no longer exists, so they are delivered again (tasks here are idempotent:
the outbox claims its rows).

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
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

logger = logging.getLogger(__name__)

# Temporary files start with a dot: kombu's reader takes only "<stamp>_<uuid>.<queue>.msg".
TEMP_PREFIX = ".incoming-"
# Messages taken and not yet acknowledged, in a folder per consuming process.
PROCESSING = "processing"
# How often a consumer looks for messages held by processes that died.
RECOVER_EVERY = 5.0


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put ``payload`` onto ``queue``: written beside it, then renamed into place."""
        filename = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
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

    def __init__(self, *args, **kwargs):
        # Queues with a consumer that acknowledges: their messages are held until it does.
        self._acked_queues: set[str] = set()
        self._held: dict[str, str] = {}  # delivery tag -> the held file
        self._recovered_at = 0.0
        super().__init__(*args, **kwargs)

    def basic_consume(self, queue, no_ack, callback, consumer_tag, **kwargs):
        if not no_ack:
            self._acked_queues.add(queue)
        return super().basic_consume(queue, no_ack, callback, consumer_tag, **kwargs)

    def basic_ack(self, delivery_tag, multiple=False):
        super().basic_ack(delivery_tag, multiple=multiple)
        self._release(delivery_tag)

    def basic_reject(self, delivery_tag, requeue=False):
        super().basic_reject(delivery_tag, requeue=requeue)  # a requeue puts a new copy
        self._release(delivery_tag)

    def _restore(self, message):
        """A graceful shutdown puts unacknowledged messages back: the held copy goes."""
        super()._restore(message)
        self._release(message.delivery_tag)

    def _release(self, delivery_tag) -> None:
        held = self._held.pop(delivery_tag, None)
        if held is not None:
            with contextlib.suppress(FileNotFoundError):
                os.remove(held)

    @property
    def _processing_root(self) -> str:
        return os.path.join(self.data_folder_in, PROCESSING)

    def _recover_abandoned(self) -> None:
        """Put back the messages held by consumers that died before acknowledging them."""
        now = monotonic()
        if now - self._recovered_at < RECOVER_EVERY:
            return
        self._recovered_at = now
        try:
            owners = os.listdir(self._processing_root)
        except FileNotFoundError:
            return
        for owner in owners:
            if not owner.isdigit() or int(owner) == os.getpid() or pid_alive(int(owner)):
                continue
            folder = os.path.join(self._processing_root, owner)
            for filename in sorted(os.listdir(folder)):
                # Another consumer may be putting the same files back: the loser skips.
                with contextlib.suppress(OSError):
                    os.rename(
                        os.path.join(folder, filename), os.path.join(self.data_folder_in, filename)
                    )
                    logger.warning(
                        "Embedded broker: redelivering %s, taken by process %s that stopped.",
                        filename,
                        owner,
                    )
            with contextlib.suppress(OSError):
                os.rmdir(folder)

    def _get(self, queue):
        """The next readable message on ``queue``; an unreadable one is logged and skipped."""
        if queue not in self._acked_queues:
            # Broadcasts and replies: nobody acknowledges them, so nothing is held.
            while True:
                try:
                    return super()._get(queue)
                except ValueError as error:  # json.JSONDecodeError, UnicodeDecodeError
                    logger.error(
                        "Embedded broker: dropped an unreadable message on %r: %s", queue, error
                    )
        self._recover_abandoned()
        mine = os.path.join(self._processing_root, str(os.getpid()))
        os.makedirs(mine, exist_ok=True)
        for filename in sorted(os.listdir(self.data_folder_in)):
            if filename.partition(".")[2] != f"{queue}.msg":
                continue
            held = os.path.join(mine, filename)
            try:
                os.rename(os.path.join(self.data_folder_in, filename), held)
            except OSError:
                continue  # another consumer took it first
            try:
                with open(held, "rb") as f:
                    payload = loads(bytes_to_str(f.read()))
                delivery_tag = payload["properties"]["delivery_tag"]
            except (ValueError, KeyError, TypeError) as error:
                logger.error(
                    "Embedded broker: dropped an unreadable message on %r: %s", queue, error
                )
                with contextlib.suppress(OSError):
                    os.remove(held)
                continue
            self._held[delivery_tag] = held
            return payload
        raise filesystem.Empty()


class Transport(filesystem.Transport):
    Channel = Channel
    # kombu's virtual transports sleep this long whenever a poll finds nothing to take,
    # which includes every time the worker's pool is full: at the default 1 s a worker
    # took about 2 tasks a second and fell minutes behind 2 signups a second (the soak
    # test). A listing of one folder 5 times a second costs next to nothing.
    polling_interval = 0.2


TRANSPORT_ALIASES["filesystem"] = f"{__name__}:Transport"
