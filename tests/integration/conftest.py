"""Real services for integration tests: a Celery worker on Redis, a private Redis, an SMTP sink.

Everything these fixtures change is process-global (the Celery app's configuration, kombu's
connection pools, Django settings, the logging setup of an embedded worker), so each one
puts back what it changed, and the rest of the suite keeps running tasks eagerly.
"""

import contextlib
import email
import email.policy
import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlsplit

import kombu.pools
import pytest
import redis
from aiosmtpd.controller import Controller
from celery import signals
from celery.contrib.testing.worker import start_worker
from kombu.asynchronous import get_event_loop, set_event_loop

from rfs.celery import app as celery_app
from tests.conftest import port_open, require_service

SHARED_REDIS_URL = "redis://127.0.0.1:6379/0"
FILESYSTEM_TRANSPORT_OPTIONS = {
    "data_folder_in",
    "data_folder_out",
    "data_folder_processed",
    "processed_folder",
    "store_processed",
    "control_folder",
}
# How long a test waits for something a worker does before it fails.
DEADLINE = 20.0


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it; port 0 itself won't do)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    predicate, *, timeout: float = DEADLINE, interval: float = 0.05, what: str = "a condition"
):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# --- SMTP sink ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedEmail:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage


class SmtpSink:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[ReceivedEmail] = []
        self.host = "127.0.0.1"
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        with self._lock:
            self._messages.append(
                ReceivedEmail(
                    mail_from=envelope.mail_from, rcpt_tos=tuple(envelope.rcpt_tos), message=message
                )
            )
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[ReceivedEmail]:
        with self._lock:
            return list(self._messages)

    def wait_for(self, count: int, *, timeout: float = DEADLINE) -> list[ReceivedEmail]:
        def enough():
            messages = self.messages
            return messages if len(messages) >= count else None

        return wait_until(
            enough, timeout=timeout, what=f"{count} message(s) at the SMTP sink on port {self.port}"
        )


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on a free port, with Django's SMTP backend pointed at it.

    pytest-django's ``settings`` changes are process-global, so a worker thread sends here too.
    """
    sink = SmtpSink()
    controller = None
    for _ in range(5):  # another process may take the free port before we bind it
        sink.port = free_port()
        controller = Controller(sink, hostname=sink.host, port=sink.port, ready_timeout=10)
        try:
            controller.start()
            break
        except (OSError, RuntimeError, TimeoutError):
            controller = None
    assert controller is not None, "could not start the SMTP sink"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = sink.host
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield sink
    finally:
        controller.stop()


# --- Redis --------------------------------------------------------------------------------


def redis_answers(url: str) -> bool:
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_broker_url() -> str:
    """The shared Redis broker: CELERY_BROKER_URL when it names Redis, else the local default."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://")):
        url = SHARED_REDIS_URL
    parts = urlsplit(url)
    require_service(
        "Redis broker", port_open(parts.hostname or "127.0.0.1", parts.port or 6379), url
    )
    return url


class PrivateRedis:
    """A redis-server of this test's own, on a free port, that a test may stop and start.

    Nothing is persisted: a restart starts empty, as a Redis without persistence would.
    """

    def __init__(self, binary: str, workdir) -> None:
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.log_path = workdir / "redis.log"

    def start(self) -> None:
        assert self.process is None, "this Redis is already running"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.workdir),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

        def ready() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"redis-server exited with {self.process.returncode}: {self.log_path.read_text()[-2000:]}"
                )
            return redis_answers(self.url)

        wait_until(ready, timeout=10, what=f"redis-server on port {self.port}")

    def freeze(self) -> None:
        """Stop the process without closing its port: connections open, no answers come."""
        assert self.process is not None, "this Redis is not running"
        self.process.send_signal(signal.SIGSTOP)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.send_signal(signal.SIGCONT)  # a frozen process would not act on SIGTERM
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        wait_until(
            lambda: not port_open("127.0.0.1", self.port),
            timeout=10,
            what="Redis to stop listening",
        )


@pytest.fixture
def private_redis(tmp_path):
    binary = shutil.which("redis-server")
    require_service("redis-server", binary is not None, "install Debian's redis-server package")
    server = PrivateRedis(binary, tmp_path)
    try:
        yield server
    finally:
        server.stop()


# --- Celery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRun:
    task_id: str
    name: str
    kwargs: dict
    retval: object
    state: str


class LiveCelery:
    """The project's Celery app with eager mode off, on a chosen Redis, on a queue of its own.

    The queue name is new for every test, so a message left on a shared broker by an
    earlier, interrupted run is never consumed here.
    """

    CONF_KEYS = (
        "task_always_eager",
        "broker_url",
        "broker_read_url",
        "broker_write_url",
        "broker_transport_options",
        "task_default_queue",
        "worker_enable_remote_control",
    )
    ENV_KEYS = (
        "CELERY_BROKER_URL",
        "CELERY_BROKER_READ_URL",
        "CELERY_BROKER_WRITE_URL",
        # set by an embedded worker's logging setup
        "CELERY_LOG_LEVEL",
        "CELERY_LOG_FILE",
        "_MP_FORK_LOGLEVEL_",
        "_MP_FORK_LOGFILE_",
        "_MP_FORK_LOGFORMAT_",
    )

    def __init__(self) -> None:
        self.app = celery_app
        self.queue = f"rfs-integration-{uuid.uuid4().hex[:12]}"
        self.broker_url: str | None = None
        self._lock = threading.Lock()
        self._runs: list[TaskRun] = []
        self._published: list[str] = []
        self._saved_conf = {key: self.app.conf[key] for key in self.CONF_KEYS}
        self._saved_env = {key: os.environ.get(key) for key in self.ENV_KEYS}

    # -- setup and teardown

    def open(self) -> None:
        self.app.conf.task_always_eager = False
        self.app.conf.task_default_queue = self.queue
        # No broadcast (pidbox) queues: the tests need none, and they would outlive the test.
        self.app.conf.worker_enable_remote_control = False
        signals.task_postrun.connect(
            self._on_task_postrun, weak=False, dispatch_uid=f"{self.queue}-postrun"
        )
        signals.before_task_publish.connect(
            self._on_publish, weak=False, dispatch_uid=f"{self.queue}-publish"
        )

    def use_broker(self, url: str) -> None:
        """Point the app (and its connection pools) at ``url``.

        Celery reads CELERY_BROKER_URL from the environment before its own configuration,
        so the variable is set too (CI sets it to the shared Redis).
        """
        self.broker_url = url
        os.environ["CELERY_BROKER_URL"] = url
        os.environ.pop("CELERY_BROKER_READ_URL", None)
        os.environ.pop("CELERY_BROKER_WRITE_URL", None)
        self.app.conf.broker_url = url
        self.app.conf.broker_read_url = None
        self.app.conf.broker_write_url = None
        # Keep the project's transport options (socket timeouts, say), but not the
        # filesystem transport's folders, which mean nothing to Redis.
        configured = self._saved_conf["broker_transport_options"] or {}
        self.app.conf.broker_transport_options = {
            key: value
            for key, value in configured.items()
            if key not in FILESYSTEM_TRANSPORT_OPTIONS
        }
        self.reset_connections()

    def connect_publisher(self) -> None:
        """Leave a live broker connection in the publishing pool, as a running web process has."""
        with self.app.pool.acquire(block=True) as conn:
            conn.ensure_connection(max_retries=1)
            assert conn.default_channel is not None

    def reset_connections(self) -> None:
        """Forget pooled connections and the cached queue setup, so the next use rebuilds them."""
        kombu.pools.reset()
        self.app._pool = None
        self.app.__dict__.pop(
            "amqp", None
        )  # rebuilt from conf: default queue, router, producer pool

    def close(self) -> None:
        signals.task_postrun.disconnect(dispatch_uid=f"{self.queue}-postrun")
        signals.before_task_publish.disconnect(dispatch_uid=f"{self.queue}-publish")
        if self.broker_url is not None:
            self._delete_queue_keys()
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        for key, value in self._saved_conf.items():
            self.app.conf[key] = value
        self.reset_connections()

    def _delete_queue_keys(self) -> None:
        """Leave nothing of this test's queue on a shared broker (its list, its bindings)."""
        if not redis_answers(self.broker_url):
            return
        client = redis.Redis.from_url(self.broker_url, socket_connect_timeout=1, socket_timeout=5)
        try:
            keys = list(client.scan_iter(match=f"*{self.queue}*", count=1000))
            if keys:
                client.delete(*keys)
        finally:
            client.close()

    # -- what happened

    def _on_task_postrun(
        self, sender=None, task_id=None, task=None, kwargs=None, retval=None, state=None, **_
    ):
        run = TaskRun(
            task_id=task_id,
            name=getattr(task, "name", str(sender)),
            kwargs=dict(kwargs or {}),
            retval=retval,
            state=state,
        )
        with self._lock:
            self._runs.append(run)

    def _on_publish(self, sender=None, **_):
        with self._lock:
            self._published.append(sender)

    @property
    def published(self) -> list[str]:
        with self._lock:
            return list(self._published)

    def runs(self, name: str, **kwargs) -> list[TaskRun]:
        with self._lock:
            return [
                run
                for run in self._runs
                if run.name == name and all(run.kwargs.get(k) == v for k, v in kwargs.items())
            ]

    def wait_for_runs(
        self, name: str, count: int = 1, *, timeout: float = DEADLINE, **kwargs
    ) -> list[TaskRun]:
        """Wait until the worker has finished ``count`` runs of task ``name`` (with these kwargs)."""

        def enough():
            runs = self.runs(name, **kwargs)
            return runs if len(runs) >= count else None

        return wait_until(
            enough,
            timeout=timeout,
            what=f"{count} finished run(s) of {name} {kwargs or ''}".strip(),
        )

    # -- the worker

    @contextlib.contextmanager
    def worker(self):
        """A real Celery worker (solo pool) in a thread of this process, stopped on exit."""
        assert self.broker_url is not None, "call use_broker() first"
        previous_loop = get_event_loop()
        set_event_loop(None)  # each worker gets a fresh event loop, not a closed one
        previous_mutex = self.app.clock.mutex  # the worker swaps in a dummy lock

        def leave_logging_alone(**_):
            return True  # a receiver here stops Celery from taking over the root logger

        signals.setup_logging.connect(
            leave_logging_alone, weak=False, dispatch_uid=f"{self.queue}-logging"
        )
        try:
            with start_worker(
                self.app, pool="solo", perform_ping_check=False, shutdown_timeout=15
            ) as worker:
                yield worker
        finally:
            signals.setup_logging.disconnect(dispatch_uid=f"{self.queue}-logging")
            logging.captureWarnings(False)
            self.app.clock.mutex = previous_mutex
            set_event_loop(previous_loop)


@pytest.fixture
def live_celery():
    """Eager mode off for this test only; everything is restored afterwards."""
    live = LiveCelery()
    live.open()
    try:
        yield live
    finally:
        live.close()
