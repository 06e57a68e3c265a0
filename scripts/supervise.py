"""Run every process of a Procfile; restart one that dies, a bounded number of times.

    python scripts/supervise.py Procfile.dev [--max-restarts 5] [--window 600] [--status var/supervise.json]

honcho stops everything when one process exits, so one crashed worker used to take the
web server and beat down with it. Here a process that exits (or is killed) is restarted
after a short pause, and the others keep running. If one process needs more than
``--max-restarts`` restarts within ``--window`` seconds it is not going to get better by
itself: everything is stopped and the run exits with status 1 and a message that says
which process and where to look. Ctrl-C (or SIGTERM) stops everything, as with honcho.

Each process runs in a process group of its own, so a dead worker's children go with it.
``--status`` keeps a JSON file of each process's pid and restart count (the soak test
reads it). Standard library only: it runs before anything else is installed.
"""

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

STOP_TIMEOUT = 10.0
COLORS = ["36", "33", "35", "32", "34", "31"]


def parse_procfile(path: Path) -> dict[str, str]:
    commands: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        name, command = line.split(":", 1)
        commands[name.strip()] = command.strip()
    return commands


@dataclass
class Managed:
    name: str
    command: str
    color: str
    process: subprocess.Popen | None = None
    starts: int = 0
    deaths: deque = field(default_factory=deque)  # monotonic times of recent unplanned exits
    restart_at: float | None = None
    last_exit: int | None = None


class Supervisor:
    def __init__(
        self,
        commands: dict[str, str],
        *,
        max_restarts: int,
        window: float,
        status_path: Path | None,
    ) -> None:
        self.managed = [
            Managed(name=name, command=command, color=COLORS[i % len(COLORS)])
            for i, (name, command) in enumerate(commands.items())
        ]
        self.max_restarts = max_restarts
        self.window = window
        self.status_path = status_path
        self.stopping = False
        self.width = max(len(name) for name in commands)
        self.output_lock = threading.Lock()

    # -- output

    def say(self, name: str, text: str, color: str = "1") -> None:
        stamp = time.strftime("%H:%M:%S")
        prefix = f"{stamp} {name:<{self.width}} |"
        if sys.stdout.isatty():
            prefix = f"\033[{color}m{prefix}\033[0m"
        with self.output_lock:
            sys.stdout.write(f"{prefix} {text}\n")
            sys.stdout.flush()

    def pump(self, item: Managed, process: subprocess.Popen) -> None:
        for raw in iter(process.stdout.readline, b""):
            self.say(item.name, raw.decode("utf-8", "replace").rstrip("\n"), item.color)

    # -- processes

    def start(self, item: Managed) -> None:
        item.process = subprocess.Popen(
            ["/bin/sh", "-c", f"exec {item.command}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a process group of its own: its children stop with it
        )
        item.starts += 1
        item.restart_at = None
        threading.Thread(target=self.pump, args=(item, item.process), daemon=True).start()
        verb = (
            "started"
            if item.starts == 1
            else f"restarted ({item.starts - 1} of {self.max_restarts})"
        )
        self.say("supervise", f"{item.name} {verb} with pid {item.process.pid}")
        self.write_status()

    @staticmethod
    def signal_group(process: subprocess.Popen, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)

    def stop_all(self) -> None:
        self.stopping = True
        running = [item.process for item in self.managed if item.process is not None]
        for process in running:
            self.signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            # Whatever is left of the group (a child that ignored SIGTERM) goes now.
            self.signal_group(process, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        self.write_status()

    def write_status(self) -> None:
        if self.status_path is None:
            return
        status = {
            "supervisor_pid": os.getpid(),
            "stopping": self.stopping,
            "processes": {
                item.name: {
                    "pid": item.process.pid if item.process else None,
                    "alive": bool(item.process and item.process.poll() is None),
                    "restarts": max(0, item.starts - 1),
                    "last_exit": item.last_exit,
                }
                for item in self.managed
            },
        }
        temporary = self.status_path.with_name(f".{self.status_path.name}.tmp")
        temporary.write_text(json.dumps(status, indent=2))
        os.replace(temporary, self.status_path)  # readers never see half a file

    # -- the loop

    def run(self) -> int:
        def request_stop(signum, _frame):
            if not self.stopping:
                self.say(
                    "supervise", f"{signal.Signals(signum).name} received: stopping everything"
                )
            self.stopping = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        for item in self.managed:
            self.start(item)

        while not self.stopping:
            now = time.monotonic()
            for item in self.managed:
                if item.process is not None and item.restart_at is None:
                    code = item.process.poll()
                    if code is None:
                        continue
                    # Its children may still run (a prefork worker's pool): they go too.
                    self.signal_group(item.process, signal.SIGKILL)
                    item.last_exit = code
                    while item.deaths and now - item.deaths[0] > self.window:
                        item.deaths.popleft()
                    item.deaths.append(now)
                    if len(item.deaths) > self.max_restarts:
                        self.say(
                            "supervise",
                            f"{item.name} stopped {len(item.deaths)} times within {self.window:g} s "
                            f"(last exit status {code}); giving up and stopping everything. "
                            f"Its own messages above say why it stopped.",
                        )
                        self.write_status()
                        self.stop_all()
                        return 1
                    pause = min(2 ** (len(item.deaths) - 1), 10)
                    self.say(
                        "supervise",
                        f"{item.name} exited with status {code}; restarting in {pause} s",
                    )
                    item.restart_at = now + pause
                    self.write_status()
                elif item.restart_at is not None and now >= item.restart_at:
                    self.start(item)
            time.sleep(0.2)

        self.stop_all()
        self.say("supervise", "everything stopped")
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("procfile", type=Path)
    parser.add_argument(
        "--max-restarts",
        type=int,
        default=int(os.environ.get("RFS_SUPERVISE_MAX_RESTARTS", "5")),
        help="restarts allowed per process within --window (default 5)",
    )
    parser.add_argument(
        "--window",
        type=float,
        default=float(os.environ.get("RFS_SUPERVISE_WINDOW", "600")),
        help="seconds over which restarts are counted (default 600)",
    )
    parser.add_argument(
        "--status", type=Path, default=None, help="a JSON file of pids and restart counts"
    )
    args = parser.parse_args()
    commands = parse_procfile(args.procfile)
    if not commands:
        print(f"No processes in {args.procfile}.", file=sys.stderr)
        return 2
    supervisor = Supervisor(
        commands, max_restarts=args.max_restarts, window=args.window, status_path=args.status
    )
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
