"""Processes under scripts/supervise.py, as `make run` starts them, for tests that kill them.

The soak test (tests/soak/test_soak.py) and the fault tests (tests/faults/) both start a
Procfile's processes here, find a process's pid in the supervisor's status file, SIGKILL
it, and rely on the supervisor to start it again, as it would in production.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Supervised:
    """``scripts/supervise.py`` running ``procfile`` (name: command lines) in ``folder``."""

    def __init__(self, folder: Path, procfile: str, env: dict[str, str]) -> None:
        self.folder = folder
        self.procfile = procfile
        self.env = env
        self.status_path = folder / "supervise.json"
        self.log_path = folder / "run.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        # Procfiles name the checkout's .venv; this interpreter is that environment.
        procfile = self.procfile.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
        (self.folder / "Procfile").write_text(procfile)
        log = open(self.log_path, "ab")  # noqa: SIM115 (kept open for the process's life)
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "scripts" / "supervise.py"),
                str(self.folder / "Procfile"),
                "--status",
                str(self.status_path),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()

    def status(self) -> dict:
        try:
            return json.loads(self.status_path.read_text())["processes"]
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            return {}

    def pid(self, name: str) -> int | None:
        return self.status().get(name, {}).get("pid")

    def kill(self, name: str) -> int:
        """SIGKILL process ``name`` (its group leader: the supervisor takes its children down
        with it and starts it again); return the pid killed."""
        pid = self.pid(name)
        assert pid, f"{name} is not running: {self.status()}"
        os.kill(pid, signal.SIGKILL)
        return pid

    def wait_restarted(self, name: str, old_pid: int, timeout: float = 30.0) -> int:
        """Wait for the supervisor to have started ``name`` again; return its new pid."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self.pid(name)
            if pid and pid != old_pid:
                return pid
            time.sleep(0.1)
        raise AssertionError(f"{name} was not restarted within {timeout:.0f} s: {self.status()}")

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except FileNotFoundError:
            return ""

    def stop(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        # Whatever the supervisor could not stop (it was killed itself) goes now.
        for item in self.status().values():
            if item.get("pid"):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(item["pid"], signal.SIGKILL)
        return self.process.returncode
