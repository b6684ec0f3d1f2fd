"""Peak resident memory, sampled: of a process and all of its descendants (Dask's nannies and
workers included), and a command run as such a tree with a timeout and a ceiling.

The peak is the largest sum of the tree's RSS seen at one sample (every 50 ms by default);
shared pages count once per process that maps them, as `ps` would show them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass

import psutil

GIB = 2**30


class TreePeak:
    """Peak RSS of process `pid` (default: this one) and its children, sampled every `interval`
    seconds in a thread while the `with` block runs. With `limit` (bytes) and `on_limit`, calls
    `on_limit()` once the tree holds more than `limit` (and stops watching)."""

    def __init__(self, pid: int | None = None, interval: float = 0.05,
                 limit: float | None = None, on_limit=None):
        self.root = psutil.Process(pid)
        self.interval, self.limit, self.on_limit = interval, limit, on_limit
        self.peak, self.over_limit = 0, False
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def rss(self) -> int:
        try:
            tree = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:  # the root has exited
            return 0
        total = 0
        for p in tree:
            try:
                total += p.memory_info().rss
            except psutil.Error:  # a process that just exited
                pass
        return total

    def _watch(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, self.rss())
            if self.limit is not None and self.peak > self.limit:
                self.over_limit = True
                if self.on_limit is not None:
                    self.on_limit()
                return
            self.stop.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    @property
    def peak_gib(self) -> float:
        return self.peak / GIB


@dataclass
class Measured:
    """A command's wall time, its process tree's peak RSS and how it ended. `note` is None when
    it exited with status 0, else one line saying why not."""

    seconds: float
    peak: int
    returncode: int | None
    stdout: str
    stderr: str
    note: str | None

    @property
    def ok(self) -> bool:
        return self.note is None

    @property
    def peak_gib(self) -> float:
        return self.peak / GIB


def memory_ceiling(fraction: float = 0.75) -> float:
    """Bytes a measured command may hold before it is stopped: `fraction` of the memory
    available now, so that a run which would exhaust the machine (no swap here) is stopped by
    the benchmark instead of by the kernel's OOM killer, who might choose someone else."""
    return fraction * psutil.virtual_memory().available


def first_error_line(stderr: str, stdout: str = "") -> str:
    """The line that says what went wrong: a traceback's last line, else the first line."""
    for text in (stderr, stdout):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            return lines[-1] if lines[0].startswith("Traceback") else lines[0]
    return ""


def run_command(cmd: list[str], timeout: float, limit: float | None = None,
                interval: float = 0.05) -> Measured:
    """Run `cmd` in its own session (so that its whole tree can be stopped), watching the peak
    RSS of the tree. Past `timeout` seconds, or above `limit` bytes, the tree is killed and the
    note says so. Never raises for the command's failures."""
    killed_for: list[str] = []
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)

    def kill(reason: str):
        if not killed_for:
            killed_for.append(reason)
        try:
            os.killpg(proc.pid, signal.SIGKILL)   # the group is this child's own session
        except (ProcessLookupError, PermissionError):
            pass

    def stop_at_limit():
        kill(f"stopped: the process tree went above {limit / GIB:.1f} GiB of RSS (the "
             f"benchmark's ceiling, 3/4 of the memory available at its start)")

    try:
        with TreePeak(proc.pid, interval, limit, stop_at_limit) as peak:
            try:
                stdout, stderr = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                kill(f"timed out after {timeout:g} s")
                stdout, stderr = proc.communicate()
    except BaseException:  # Ctrl-C or a bug here: leave no orphaned run (or Dask workers)
        kill("interrupted")
        raise
    seconds = time.perf_counter() - start
    code = proc.returncode
    if killed_for:
        note = killed_for[0]
    elif code == 0:
        note = None
    elif code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        note = f"killed by {name} (the OOM killer?)"
    else:
        note = first_error_line(stderr, stdout) or f"exit status {code}"
    return Measured(seconds, peak.peak, code, stdout, stderr, note)
