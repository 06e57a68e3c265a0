"""A real SMTP server on loopback that accepts every message and keeps only a count.

    python -m bench.smtp_sink --port 8025

The benchmark's Celery worker and the plain smtplib loop both send to it
(``bench/email_throughput.py``). It prints ``ready`` once it listens, and the number of
messages it received when it is stopped (SIGTERM or SIGINT).
"""

import argparse
import signal
import threading

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self) -> None:
        self.received = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            self.received += 1
        return "250 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    options = parser.parse_args()
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=options.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()
    print(f"received {handler.received}", flush=True)


if __name__ == "__main__":
    main()
