"""A real SMTP server on loopback that accepts every message and keeps only a count.

    python -m bench.smtp_sink --port 8025 [--recipients var/bench/recipients.txt]

The benchmark's Celery worker and the plain smtplib loop both send to it
(``bench/email_throughput.py``). It prints ``ready`` once it listens, and the number of
messages it received when it is stopped (SIGTERM or SIGINT). With ``--recipients`` it
also appends each message's recipients to that file, one address a line, as each message
arrives (the signup surge and ``make faults`` count them per address).
"""

import argparse
import signal
import threading

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, recipients_path: str = "") -> None:
        self.received = 0
        self._lock = threading.Lock()
        self._recipients = open(recipients_path, "a") if recipients_path else None  # noqa: SIM115

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            self.received += 1
            if self._recipients is not None:
                self._recipients.write("".join(f"{to.lower()}\n" for to in envelope.rcpt_tos))
                self._recipients.flush()
        return "250 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--recipients", default="", help="append every recipient to this file")
    options = parser.parse_args()
    handler = CountingHandler(options.recipients)
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
