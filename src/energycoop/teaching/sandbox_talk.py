"""Talking to the runner inside a sandbox (``sandbox_worker``), the grader's side: send it the run's key and
the notebook, then read its signed, numbered messages into an ``Execution`` until it ends or a deadline
passes. A line that is not the runner's (unsigned, forged, replayed or out of order) is ignored, and only the
first message of a cell is kept."""

from __future__ import annotations

import hmac
import json
import os
import selectors
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from energycoop.teaching.containment import memory_text
from energycoop.teaching.live_processes import Live
from energycoop.teaching.process_memory import tree_memory
from energycoop.teaching.sandbox_worker import AFTER_BUDGET, INTERRUPT_GRACE, sign

OUTPUT = 16 * 1024**2  # bytes of cell outputs the grader keeps from one notebook
AFTER_LIMIT = (
    AFTER_BUDGET + INTERRUPT_GRACE + 6.0
)  # seconds past the limit and grace before the sandbox is killed


@dataclass
class Execution:
    """What came back from a sandbox: each cell's outputs (by index) and status, whether the student's
    cells started, why it stopped early (if it did), and whether it ran confined."""

    cells: dict[int, dict] = field(default_factory=dict)
    started: bool = False
    failure: str | None = None
    confined: bool = True
    interrupted: bool = False
    seconds: float = 0.0
    out_of_memory: bool = False
    init: tuple[int, int] | None = None  # with bubblewrap: its PID namespace's init (PID, start time)


@dataclass
class _Messages:
    """The runner's messages as they arrive: each line kept only if signed with ``key`` and numbered next
    (``expected``), its event recorded in ``result``; ``deadline``: when the sandbox is killed (moved once
    the student's cells start)."""

    key: str
    result: Execution
    time_limit: float
    deadline: float
    on_kernel: Callable[[], tuple[int, int] | None] | None = None
    expected: int = 0
    received: int = 0
    buffer: bytes = b""

    def take(self, chunk: bytes) -> bool:
        """Read ``chunk`` of the runner's output; True when the talk is over (the notebook done, or its
        output too large)."""
        self.received += len(chunk)
        if self.received > OUTPUT:
            self.result.failure = f"the notebook's output passed {OUTPUT // 1024**2} MB, so it was stopped"
            return True
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            message = self._message(line)
            if message is not None and self._record(message):
                return True
        return False

    def _message(self, line: bytes) -> dict | None:
        """The runner's next message, if ``line`` is it; else None (not the runner's, or not in order)."""
        signature, _, body = line.partition(b" ")
        if not hmac.compare_digest(signature, sign(self.key, body)):
            return None  # not the runner's
        try:
            message = json.loads(body)
        except ValueError:
            return None
        if not isinstance(message, dict) or message.get("n") != self.expected:
            return None
        self.expected += 1
        return message

    def _record(self, message: dict) -> bool:
        """Record one of the runner's messages; True when it says the notebook is done."""
        result = self.result
        event = message.get("event")
        if event == "kernel" and self.on_kernel is not None and result.init is None:
            result.init = self.on_kernel()
        if event == "ready":
            result.started = True
            # the runner interrupts each cell at the limit and runs no student cell after it; this is the
            # kill if the kernel ignores that (a constant past the limit, whatever the number of cells)
            self.deadline = time.monotonic() + self.time_limit + INTERRUPT_GRACE + AFTER_LIMIT
        elif (
            event == "cell" and isinstance(message.get("index"), int) and message["index"] not in result.cells
        ):
            result.cells[message["index"]] = message
        elif event == "stopped":
            result.failure = str(message.get("reason", "the kernel stopped"))[:500]
        elif event == "done":
            result.cells[-1] = {"done": True}
            return True
        return False


def _send(process, key: str, notebook_json: str) -> None:
    """Hand the runner the run's key, then the notebook (a runner gone already is found when reading)."""
    try:
        process.stdin.write(key.encode("ascii") + b"\n" + notebook_json.encode("utf-8"))
        process.stdin.close()
    except OSError:
        pass


def _past_deadline(result: Execution, time_limit: float, setup_limit: float) -> str:
    """Why a sandbox is stopped at its deadline: the notebook ran too long, or its kernel never started."""
    if result.started:
        return (
            f"the notebook ran past its time limit of {time_limit:g} s and did not stop when "
            "interrupted, so it was stopped"
        )
    return f"the kernel did not start within {setup_limit:g} s"


def _out_of_memory(process, memory: int, result: Execution) -> bool:
    """Whether the sandbox's processes hold more than ``memory`` bytes in all (then ``result`` says so)."""
    if tree_memory(process.pid) <= memory:
        return False
    result.out_of_memory = True
    result.failure = (
        f"the notebook ran out of its memory limit of {memory_text(memory)} (all its processes "
        "together), so it was stopped"
    )
    return True


def _talk(
    process, notebook_json, time_limit, setup_limit, result: Execution, key: str, on_kernel=None, memory=None
) -> None:
    """Send the key and the notebook, then read the runner's lines until it ends or a deadline passes (then
    kill). Only the runner's messages count: each signed with ``key`` (which the runner reads before the
    kernel starts and the kernel never sees) and numbered in order; a forged, replayed or out-of-order line
    is ignored, and only the first message of a cell is kept. ``memory``: where no cgroup holds the sandbox's
    processes together, the bytes they may hold in all, added up each second (``process_memory``)."""
    weighed = time.monotonic()
    _send(process, key, notebook_json)
    messages = _Messages(key, result, time_limit, time.monotonic() + setup_limit, on_kernel)
    with selectors.DefaultSelector() as selector:  # its descriptor closed however the talk ends
        selector.register(process.stdout, selectors.EVENT_READ)
        fd = process.stdout.fileno()
        while True:
            if Live.stopping.is_set():
                result.interrupted = True
                result.failure = "grading was interrupted while this notebook ran"
                return
            left = messages.deadline - time.monotonic()
            if left <= 0:
                result.failure = _past_deadline(result, time_limit, setup_limit)
                return
            if memory is not None and time.monotonic() - weighed >= 1.0:
                weighed = time.monotonic()
                if _out_of_memory(process, memory, result):
                    return
            if not selector.select(timeout=min(left, 0.5)):
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                if result.failure is None and "done" not in result.cells.get(-1, {}):
                    result.failure = (
                        "the notebook's runner ended before the notebook did (killed from inside?)"
                    )
                return
            if messages.take(chunk):
                return
