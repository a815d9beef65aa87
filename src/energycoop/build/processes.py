"""The processes a run starts, and how they are stopped: a worker watches its parent and exits with its
kernels when the parent is gone; an interrupted run freezes its workers and kills them and every process
below them (Linux's /proc; elsewhere nothing is found below a process)."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path

_RUN = {
    "main": os.getpid()
}  # in a worker: the main process (set by watch_parent), whatever its parent becomes


def main_pid() -> int:
    """The process of the run: this one, or in a worker the one that started it."""
    return _RUN["main"]


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from Linux's /proc; empty where there is none)."""
    found: set[int] = set()
    frontier = [pid]
    while frontier:
        for task in Path(f"/proc/{frontier.pop()}/task").glob("*"):
            try:
                kids = {int(k) for k in (task / "children").read_text().split()}
            except OSError:
                continue
            frontier += list(kids - found)
            found |= kids
    return found


def kill_tree(workers: list[int], below: set[int] | None = None) -> None:
    """Stop the processes this run started, kernels included. The workers are frozen first (SIGSTOP),
    so that none can start a kernel after the list of their children is read; then every one of them
    and of their descendants is killed. A kernel runs in a session of its own, so Ctrl-C never reaches
    it, and one a worker was still starting would otherwise outlive the run."""
    for pid in workers:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGSTOP)
    family = set(below or set())
    for pid in workers:
        family |= descendants(pid)
    for pid in [*workers, *family]:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def watch_parent(parent: int) -> None:
    """In a worker process: exit as soon as the parent process is gone (killed with -9, say)."""
    _RUN["main"] = parent

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        kill_tree([], descendants(os.getpid()))  # this worker's kernels go with it
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
