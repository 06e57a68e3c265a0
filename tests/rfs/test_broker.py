"""The embedded broker (rfs.broker): a reader sees a whole message or none (kombu issue 1551)."""

import os
import subprocess
import threading

import pytest
from kombu import Connection
from kombu.transport import filesystem

from rfs import broker

QUEUE = "celery"


@pytest.fixture
def channel(tmp_path):
    (tmp_path / "control").mkdir()
    connection = Connection(
        "filesystem://",
        transport_options={
            "data_folder_in": str(tmp_path),
            "data_folder_out": str(tmp_path),
            "control_folder": str(tmp_path / "control"),
        },
    )
    try:
        yield connection.default_channel
    finally:
        connection.release()


def test_broker_filesystem_url_uses_the_atomic_transport(channel):
    assert isinstance(channel, broker.Channel)


def test_broker_message_is_invisible_until_it_is_whole(channel, monkeypatch):
    payload = {"body": "x" * 200_000}
    seen_before_rename = []
    real_replace = os.replace

    def replace(src, dst):
        # Everything is written; the reader must still find nothing.
        with pytest.raises(filesystem.Empty):
            channel._get(QUEUE)
        seen_before_rename.append(os.path.getsize(src))
        real_replace(src, dst)

    monkeypatch.setattr(broker.os, "replace", replace)

    channel._put(QUEUE, payload)

    assert len(seen_before_rename) == 1
    assert channel._get(QUEUE) == payload


def test_broker_reader_never_sees_a_partial_message(channel):
    """A writer thread puts large messages while a reader polls, as web and worker do."""
    count = 150
    sent = [{"n": n, "body": str(n) * 100_000} for n in range(count)]
    received, errors = [], []

    def write():
        for message in sent:
            channel._put(QUEUE, message)

    writer = threading.Thread(target=write)
    writer.start()
    while len(received) < count and not errors:
        try:
            received.append(channel._get(QUEUE))
        except filesystem.Empty:
            if not writer.is_alive() and channel._size(QUEUE) == 0:
                break
        except Exception as error:  # what kombu's own transport raises: JSONDecodeError
            errors.append(error)
    writer.join(timeout=30)

    assert errors == []
    assert sorted(received, key=lambda m: m["n"]) == sent


def test_broker_unreadable_message_is_skipped_not_fatal(channel, tmp_path, caplog):
    # Named to sort before any real message (names start with a timestamp), so it is read first.
    (tmp_path / f"0_00000000-0000-0000-0000-000000000000.{QUEUE}.msg").write_bytes(b"")
    channel._put(QUEUE, {"body": "still here"})

    assert channel._get(QUEUE) == {"body": "still here"}
    assert "dropped an unreadable message" in caplog.text
    with pytest.raises(filesystem.Empty):
        channel._get(QUEUE)


def consume(channel) -> None:
    """Take messages as a Celery worker does: a consumer that acknowledges."""
    channel.basic_consume(QUEUE, no_ack=False, callback=lambda message: None, consumer_tag="worker")


def test_broker_message_taken_by_a_consumer_that_died_is_delivered_again(channel, tmp_path):
    consume(channel)
    channel._put(QUEUE, {"body": "the outbox sweep", "properties": {"delivery_tag": "tag-1"}})
    assert channel._get(QUEUE)["body"] == "the outbox sweep"
    # The worker is killed before it acknowledges: its folder now belongs to a dead process.
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / "processing" / str(os.getpid())).rename(tmp_path / "processing" / str(dead.pid))
    channel._held.clear()
    channel._recovered_at = 0.0

    assert channel._get(QUEUE)["body"] == "the outbox sweep"


def test_broker_acknowledged_message_is_gone_for_good(channel, tmp_path):
    consume(channel)
    channel._put(QUEUE, {"body": "sent", "properties": {"delivery_tag": "tag-2"}})
    channel._get(QUEUE)
    channel.qos.append(object(), "tag-2")

    channel.basic_ack("tag-2")

    assert list((tmp_path / "processing" / str(os.getpid())).iterdir()) == []
    channel._recovered_at = 0.0
    with pytest.raises(filesystem.Empty):
        channel._get(QUEUE)


def test_broker_messages_of_a_live_consumer_are_left_alone(channel, tmp_path):
    consume(channel)
    channel._put(QUEUE, {"body": "in progress", "properties": {"delivery_tag": "tag-3"}})
    channel._get(QUEUE)
    # Another live process (this test's parent, say) is taking the same queue.
    (tmp_path / "processing" / str(os.getpid())).rename(tmp_path / "processing" / str(os.getppid()))
    channel._recovered_at = 0.0

    with pytest.raises(filesystem.Empty):
        channel._get(QUEUE)
