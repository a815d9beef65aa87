"""The grader's sandboxes and verdict processes running now (``Live``), so that an interrupted grader kills
them all (``stop_all``)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import typing

from energycoop.teaching.containment import Orphans


class Live:
    """The sandboxes and verdict processes running now, so that an interrupted grader kills them all, and
    their memory groups. A process is started under the lock (``spawn``), so that no orphan hunt
    (``containment.Orphans``) takes it for an orphan before it is known."""

    lock = Orphans.lock
    processes: typing.ClassVar[set] = set()
    groups: typing.ClassVar[set] = set()
    stopping = threading.Event()

    @classmethod
    def spawn(cls, command: list[str], **options) -> subprocess.Popen:
        with cls.lock:
            process = subprocess.Popen(command, **options)
            cls.processes.add(process)
            Orphans.registered.add(process.pid)
        return process

    @classmethod
    def forget(cls, process: subprocess.Popen) -> None:
        with cls.lock:
            cls.processes.discard(process)
            Orphans.registered.discard(process.pid)


def kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()


def close_pipes(process: subprocess.Popen) -> None:
    """Close an ended process's pipes to the grader (never left to the garbage collector, which warns)."""
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()


def stop_all() -> None:
    """Kill every running sandbox and verdict process, and every process in their groups and every orphan
    (an interrupted grader)."""
    Live.stopping.set()
    with Live.lock:
        for process in list(Live.processes):
            kill(process)
        for group in list(Live.groups):
            group.kill_all()
        Orphans.reap(min(Orphans.running.values(), default=None))
