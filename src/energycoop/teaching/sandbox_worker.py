"""The runner inside the sandbox (``sandbox.run_notebook`` starts this file as a script, ``python -I
sandbox_worker.py worker LIMIT``): it needs nothing but the standard library and ``jupyter_client``, and
imports nothing of the collection's. It reads the run's key and the notebook from its stdin before the
kernel starts, makes itself undumpable (the student's kernel cannot read its file descriptors), runs each
cell with a time limit and streams each cell's outputs to the grader as one signed, numbered message
(``sign``). After the time limit, the later cells share ``AFTER_BUDGET`` seconds, then none runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from queue import Empty
from typing import TypeGuard

STREAM_KEPT = 64 * 1024  # characters of printed text kept per cell
INTERRUPT_GRACE = 3.0  # seconds a kernel has to answer an interrupt before it is killed
MIN_CELL = 0.25  # seconds any cell that is run may take before it is interrupted
QUEUE_WAIT = 5.0  # seconds a request may wait for the kernel to start it before it is interrupted anyway
SETUP_LIMIT = 120.0  # seconds to start the kernel and run the grader's first cell
AFTER_BUDGET = (
    8.0  # seconds, in all, the cells after the time limit may take (each at most 2 s): a loop costs
)
# only its own exercise, and a notebook of many cells is cut off at the limit plus this constant
PINT_SEED = "/tmp/.pint-cache"  # inside the sandbox: the grader's pint cache, read-only


def sign(key: str, body: bytes) -> bytes:
    """The runner's signature of one message (HMAC-SHA256 with the run's key)."""
    return hmac.new(key.encode("ascii"), body, hashlib.sha256).hexdigest().encode("ascii")


def _undumpable() -> None:
    """Make this process's memory and file descriptors unreadable by the kernel it starts (same user)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    except (OSError, AttributeError):
        pass


CRASHES = {
    "SIGSEGV": "a segmentation fault: code that read or wrote memory it may not, through ctypes for instance",
    "SIGBUS": "a bus error: code that reached memory it may not",
    "SIGABRT": "an abort: a library found itself in a state it cannot go on from",
    "SIGILL": "an illegal instruction",
    "SIGFPE": "an arithmetic fault",
}


def _how_it_ended(km, index: int) -> str:
    """What the kernel's own exit status says about its end during code cell ``index``, in plain words."""
    code = None
    with contextlib.suppress(Exception):
        process = getattr(getattr(km, "provisioner", None), "process", None) or getattr(km, "kernel", None)
        code = process.poll() if process is not None else None
    if code is None:
        return f"the kernel ended during code cell {index} (how, it did not say)"
    if code >= 0:
        return (
            f"the kernel exited by itself during code cell {index} (exit status {code}): the code ended its "
            "own process (os._exit, for instance) or closed the files and connections the kernel works with"
        )
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    if name in CRASHES:
        return f"the kernel crashed during code cell {index} ({name}, {CRASHES[name]})"
    if name == "SIGKILL":
        return (
            f"the kernel was killed (SIGKILL) during code cell {index}: by the memory limit, or by code that "
            "killed its own process"
        )
    return f"the kernel was stopped by {name} during code cell {index} (code that signalled its own process?)"


def _deaf_to_signals() -> None:
    """Take no notice of the signals a kernel can send its parent (``os.kill(os.getppid(), SIGTERM)``): the
    grader stops the runner by SIGKILL only. Handlers, not SIG_IGN: the kernel does not inherit them."""
    for name in (
        "SIGTERM",
        "SIGINT",
        "SIGHUP",
        "SIGQUIT",
        "SIGUSR1",
        "SIGUSR2",
        "SIGALRM",
        "SIGVTALRM",
        "SIGPROF",
        "SIGTSTP",
        "SIGTTIN",
        "SIGTTOU",
        "SIGXCPU",
    ):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda signum, frame: None)


def _worker(time_limit: float) -> int:
    """The runner's whole run: take the key and the notebook, start the kernel, run the cells, report each."""
    began = time.monotonic()
    _deaf_to_signals()
    out = os.dup(1)  # the channel to the grader: not inherited by the kernel
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    _undumpable()
    key, notebook = _read_input()  # read before the kernel starts
    os.dup2(devnull, 0)
    scratch = os.getcwd()
    _prepare_scratch(scratch)
    send = _Sender(key, out)

    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="python3")
    try:
        kc = _start_kernel(km, scratch)
    except Exception as exc:  # reported to the grader
        send({"event": "stopped", "reason": f"the kernel did not start: {type(exc).__name__}: {exc}"[:300]})
        return 1
    send({"event": "kernel", "t": round(time.monotonic() - began, 2)})
    try:
        _run_cells(km, kc, notebook, time_limit, began, send)
    finally:
        with contextlib.suppress(Exception):  # the sandbox is killed next anyway
            km.shutdown_kernel(now=True)
    return 0


def _read_input() -> tuple[str, dict]:
    """The run's key and the notebook, from stdin (one line of key, then the notebook's JSON)."""
    key, _, data = sys.stdin.buffer.read().partition(b"\n")
    return key.decode("ascii"), json.loads(data.decode("utf-8"))


def _prepare_scratch(scratch: str) -> None:
    """Seed the kernel's pint cache from the grader's (where it is asked for) and make the kernel's folders."""
    cache = os.environ.pop("ENERGYCOOP_PINT_CACHE", None)
    if cache and os.path.isdir(PINT_SEED):
        for name in os.listdir(PINT_SEED):
            try:
                shutil.copy(os.path.join(PINT_SEED, name), os.path.join(cache, name))
            except OSError:
                break
    for sub in ("runtime", "ipython", "matplotlib", "outputs", "cache", "jupyter", "jupyter-data"):
        os.makedirs(os.path.join(scratch, sub), exist_ok=True)


class _Sender:
    """The channel to the grader: each message numbered in order and signed with the run's key."""

    def __init__(self, key: str, out: int) -> None:
        self.key = key
        self.out = out
        self.sent = 0

    def __call__(self, message: dict) -> None:
        body = json.dumps({**message, "n": self.sent}).encode("utf-8")
        self.sent += 1
        data = sign(self.key, body) + b" " + body + b"\n"
        while data:
            data = data[os.write(self.out, data) :]


def _start_kernel(km, scratch: str):
    """Start the student's kernel in ``scratch`` (without the runner's own marker) and its client, ready."""
    env = dict(os.environ)
    env.pop("ENERGYCOOP_SANDBOXED_WORKER", None)
    km.start_kernel(
        env=env,
        cwd=scratch,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        extra_arguments=["--IPKernelApp.capture_fd_output=False"],
    )
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return kc


def _code_cells(notebook: dict) -> Iterator[tuple[int, str, bool]]:
    """The code cells that are run, each with its index among all cells, its source and whether it is the
    grader's setup cell. An empty cell does nothing: it is not run, and costs no time of the limit."""
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        if not source.strip():
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        yield index, source, "grader" in tags and "check" not in tags


def _run_cells(km, kc, notebook: dict, time_limit: float, began: float, send: _Sender) -> None:
    """Run the code cells in order, each reported as it ends, until the last, the time limit (and the
    ``AFTER_BUDGET`` the later cells share) or a kernel that is gone."""
    deadline = None
    after = AFTER_BUDGET
    for index, source, setup in _code_cells(notebook):
        if not setup and deadline is None:
            deadline = time.monotonic() + time_limit
            send({"event": "ready"})
        limit = (deadline - time.monotonic()) if deadline else SETUP_LIMIT
        if limit <= 0:  # past the time limit: the later cells share AFTER_BUDGET seconds, then none runs
            if after <= 0:
                send(
                    {
                        "event": "stopped",
                        "reason": f"the notebook ran past its time limit of {time_limit:g} s: "
                        f"code cell {index} and the cells after it were not run",
                        "index": index,
                    }
                )
                break
            limit = min(2.0, after)
        began_cell = time.monotonic()
        state = _run_cell(km, kc, source, limit)
        if deadline is not None and began_cell >= deadline:
            after -= time.monotonic() - began_cell
        send(
            {
                "event": "cell",
                "index": index,
                "status": state["status"],
                "outputs": state["outputs"],
                "t": round(time.monotonic() - began, 2),
            }
        )
        stopped = _stopped_after(km, index, state, setup, time_limit)
        if stopped is not None:
            send(stopped)
            return
    send({"event": "done"})


def _stopped_after(km, index: int, state: dict, setup: bool, time_limit: float) -> dict | None:
    """The 'stopped' message after code cell ``index`` where no later cell can run (its kernel is gone, or
    the grader's setup cell failed); None where the run goes on."""
    if state["status"] == "dead":
        return {"event": "stopped", "reason": _how_it_ended(km, index), "index": index}
    if state["status"] == "deaf":
        reason = (
            f"code cell {index} ran past the time limit of {time_limit:g} s and ignored the "
            "interrupt, so the kernel was stopped"
        )
        return {"event": "stopped", "reason": reason, "index": index}
    if setup and state["status"] != "ok":
        return {
            "event": "stopped",
            "reason": "the grader's first cell failed: " + json.dumps(state["outputs"])[:300],
        }
    return None


# What a display may bring out of the kernel, in JSON's bytes (non-ASCII text is escaped, up to 12 bytes a
# character): a text line, and a handed-over answer of up to ANSWER_CHARACTERS characters of any script. A larger
# answer payload is replaced by one that says so (its key and run secret kept), so that its exercise reads
# "cannot read" and is not taken for a check cell that never ran.
TEXT_BYTES = 65536
ANSWER_CHARACTERS = 20000  # answer_channel.describe_answer keeps as many
TOO_LARGE = "an answer too large to hand over to the grader"  # answer_channel.TOO_LARGE, checked by a test
ANSWER_BYTES = ANSWER_CHARACTERS * 12 + 4096


def kept_display(data) -> dict:
    kept: dict[str, object] = {}
    for mime, value in data.items() if isinstance(data, dict) else ():
        if mime == "text/plain" and isinstance(value, str) and len(json.dumps(value)) <= TEXT_BYTES:
            kept[mime] = value
        elif str(mime).startswith("application/vnd.energycoop") and isinstance(value, dict):
            if len(json.dumps(value)) <= ANSWER_BYTES:
                kept[mime] = value
            else:
                kept[mime] = {
                    "key": str(value.get("key", ""))[:100],
                    "nonce": str(value.get("nonce", ""))[:100],
                    "kind": "other",
                    "repr": TOO_LARGE,
                }
    return kept


def _run_cell(km, kc, source: str, limit: float) -> dict:
    """Run one cell; its outputs (bounded) and status: ok, error, timeout, deaf (ignored the interrupt:
    killed) or dead."""
    run = _CellRun(kc.execute(source, store_history=True, allow_stdin=False, stop_on_error=False), limit)
    last_alive = time.monotonic()
    while run.status is None or not run.idle:
        now = time.monotonic()
        ended = _watch_clock(km, run, now)
        if ended is not None:
            return ended
        if now - last_alive > 1.0:
            last_alive = now
            if not km.is_alive():
                return {"status": "dead", "outputs": run.outputs}
        msg = _next_message(kc.iopub_channel, 0.05)
        if run.ours(msg):
            run.take_output(msg)
        reply = _next_message(kc.shell_channel, 0)
        if run.ours(reply):
            run.take_reply(reply)
    return {"status": run.status, "outputs": run.outputs}


class _CellRun:
    """One cell's run so far: its outputs (bounded), the kernel's status and the cell's clock.

    The cell's clock starts when the kernel says it began the cell (an interrupt that lands while the request
    is still queued can be lost, and the cell is then taken for deaf); at least MIN_CELL seconds."""

    def __init__(self, msg_id: str, limit: float) -> None:
        self.msg_id = msg_id
        self.limit = limit
        self.outputs: list[dict] = []
        self.kept = 0  # characters of printed text so far
        self.status: str | None = None
        self.idle = 0.0  # when the kernel said it is idle again after this cell (0: not yet)
        self.deadline = time.monotonic() + max(limit, MIN_CELL) + QUEUE_WAIT
        self.begun = False
        self.interrupted: float | None = None  # when the cell was interrupted

    def ours(self, msg: dict | None) -> TypeGuard[dict]:
        """Whether ``msg`` answers this cell's request."""
        return msg is not None and msg.get("parent_header", {}).get("msg_id") == self.msg_id

    def failed(self) -> bool:
        return any(o["output_type"] == "error" for o in self.outputs)

    def take_output(self, msg: dict) -> None:
        """One message of the kernel's output channel: the cell's start, its end, or an output kept."""
        kind, content = msg.get("msg_type"), msg.get("content", {})
        if (
            not self.begun
            and kind in ("execute_input", "status")
            and content.get("execution_state") != "idle"
        ):
            self.begun = True
            self.deadline = time.monotonic() + max(self.limit, MIN_CELL)
        if kind == "status" and content.get("execution_state") == "idle":
            self.idle = time.monotonic()
        elif kind == "stream":
            self._take_stream(content)
        elif kind in ("display_data", "execute_result"):
            small = kept_display(content.get("data", {}))
            if small:
                self.outputs.append({"output_type": "display_data", "data": small, "metadata": {}})
        elif kind == "error":
            self.outputs.append(_error_output(content, ""))

    def _take_stream(self, content: dict) -> None:
        """Printed text, kept up to ``STREAM_KEPT`` characters for the whole cell."""
        text = str(content.get("text", ""))
        room = STREAM_KEPT - self.kept
        if room > 0:
            piece = text[:room] + (
                "\n[... the rest of the printed text was not kept]" if len(text) > room else ""
            )
            self.outputs.append(
                {"output_type": "stream", "name": content.get("name", "stdout"), "text": piece}
            )
        self.kept += len(text)

    def take_reply(self, reply: dict) -> None:
        """The kernel's reply to the request: the cell's status (an error named if no output said it)."""
        self.status = reply.get("content", {}).get("status", "error")
        if self.status != "ok" and not self.failed():
            self.outputs.append(_error_output(reply.get("content", {}), "Error"))
        if self.interrupted is not None:
            self.status = "timeout"


def _error_output(content: dict, default_name: str) -> dict:
    """An error output as the grader keeps it: the exception's name and value, bounded, no traceback."""
    return {
        "output_type": "error",
        "ename": str(content.get("ename", default_name))[:200],
        "evalue": str(content.get("evalue", ""))[:2000],
        "traceback": [],
    }


def _watch_clock(km, run: _CellRun, now: float) -> dict | None:
    """Interrupt a cell past its deadline; the cell's result where it is over without its reply (lost) or
    the kernel ignored the interrupt (killed); None while the cell runs."""
    if run.interrupted is None and now > run.deadline and not run.idle:  # idle: over, its reply on the way
        km.interrupt_kernel()
        run.interrupted = now
    if (
        run.idle and now > max(run.idle, run.interrupted or 0) + INTERRUPT_GRACE
    ):  # over, but the reply was lost
        return {
            "status": "timeout" if run.interrupted else "error" if run.failed() else "ok",
            "outputs": run.outputs,
        }
    if run.interrupted is not None and now > run.interrupted + INTERRUPT_GRACE:
        km.kill_kernel() if hasattr(km, "kill_kernel") else km.shutdown_kernel(now=True)
        run.outputs.append(
            {"output_type": "error", "ename": "TimeLimit", "evalue": "time limit", "traceback": []}
        )
        return {"status": "deaf", "outputs": run.outputs}
    return None


def _next_message(channel, timeout: float) -> dict | None:
    """The channel's next message within ``timeout`` seconds, or None."""
    try:
        return channel.get_msg(timeout=timeout)
    except Empty:
        return None


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] == "worker":
    sys.exit(_worker(float(sys.argv[2])))
