"""The outbox's connection to the mail server: one kept open per worker process (thread).

Opening an SMTP connection (TCP, greeting, EHLO, STARTTLS, AUTH) costs more than sending a
message over it, so the outbox (``rfs.services.email_send_batch``) sends through the email
backend this module keeps open instead of opening one per message. The connection is:

- opened on first use, inside the worker process (never in a parent that later forks);
- reopened after an error that broke it, after ``IDLE_SECONDS`` without use (servers drop
  quiet clients), and when the email settings change (a test points them at a new server);
- closed when the worker process shuts down (``close_all``, connected in ``rfs.celery``).

It is kept per thread, so a threads pool never shares one SMTP session between two sends.
"""

import logging
import smtplib
import threading
import time
import weakref

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

# Close a connection unused for this long rather than find out it was dropped.
IDLE_SECONDS = 30.0
# The settings a backend is built from: a change means a different server.
SETTINGS = (
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_SSL_CERTFILE",
    "EMAIL_SSL_KEYFILE",
    "EMAIL_TIMEOUT",
    "EMAIL_FILE_PATH",
    "ANYMAIL",  # a provider's keys
)


class MailServerUnavailable(Exception):
    """No connection to the mail server could be opened: every message would fail alike."""


class _Kept(threading.local):
    backend: BaseEmailBackend | None = None
    settings_key: tuple = ()
    used_at: float = 0.0


_kept = _Kept()
# Every thread's open backend, so that shutdown can close them all.
_open: "weakref.WeakSet[BaseEmailBackend]" = weakref.WeakSet()
_open_lock = threading.Lock()


def send(message: EmailMessage) -> None:
    """Send one message over this thread's kept connection, opening it if need be.

    A reused connection that the server had closed is reopened and the message sent once
    more. Raises ``MailServerUnavailable`` when no connection can be opened, and the
    backend's own error when the server refuses the message; an error that leaves the
    connection unusable closes it, so the next message opens a new one.
    """
    backend, fresh = _connection()
    try:
        backend.send_messages([message])
        return
    except Exception as error:
        if _breaks_connection(error):
            discard()
        if fresh or not _dropped(error):
            raise
        logger.info("The mail server closed the outbox's connection (%s); reopening it.", error)
    backend, _ = _connection()
    try:
        backend.send_messages([message])
    except Exception as error:
        if _breaks_connection(error):
            discard()
        raise


def _connection() -> tuple[BaseEmailBackend, bool]:
    """This thread's open backend, and whether it was opened just now."""
    settings_key = tuple(getattr(settings, name, None) for name in SETTINGS)
    now = time.monotonic()
    if _kept.backend is not None and (
        _kept.settings_key != settings_key or now - _kept.used_at > IDLE_SECONDS
    ):
        discard()
    fresh = _kept.backend is None
    if fresh:
        backend = get_connection(fail_silently=False)
        try:
            backend.open()
        except OSError as error:  # smtplib's errors are OSErrors too
            _close(backend)
            raise MailServerUnavailable(f"{type(error).__name__}: {error}") from error
        _kept.backend, _kept.settings_key = backend, settings_key
        with _open_lock:
            _open.add(backend)
    _kept.used_at = now
    return _kept.backend, fresh


def _dropped(error: Exception) -> bool:
    """The server had closed the connection (idle too long, say): the message was not taken."""
    if isinstance(error, smtplib.SMTPResponseException):
        return (
            error.smtp_code == 421
        )  # "closing transmission channel", as Postfix says on a timeout
    return isinstance(
        error, (smtplib.SMTPServerDisconnected, ConnectionResetError, BrokenPipeError)
    )


def _breaks_connection(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421  # the server answered, and only 421 means it is closing
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False  # smtplib reset the session after the refusal
    return isinstance(error, OSError)  # disconnected, reset, timed out


def discard() -> None:
    """Close this thread's connection; the next message opens a new one."""
    backend, _kept.backend = _kept.backend, None
    if backend is not None:
        with _open_lock:
            _open.discard(backend)
        _close(backend)


def close_all(**_) -> None:
    """Close every thread's connection (a Celery shutdown signal calls this)."""
    with _open_lock:
        backends = list(_open)
        _open.clear()
    for backend in backends:
        _close(backend)
    _kept.backend = None


def _close(backend: BaseEmailBackend) -> None:
    try:
        backend.close()
    except Exception:  # a connection already broken may fail to say QUIT; it is gone either way
        logger.debug("Closing the outbox's email connection failed.", exc_info=True)
