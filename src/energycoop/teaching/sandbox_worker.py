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


def _worker(time_limit: float) -> int:  # noqa: C901 (to be split: listed in CONTRIBUTING)
    began = time.monotonic()
    _deaf_to_signals()
    out = os.dup(1)  # the channel to the grader: not inherited by the kernel
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    _undumpable()
    key, _, data = sys.stdin.buffer.read().partition(b"\n")  # the run's key, read before the kernel starts
    key = key.decode("ascii")
    notebook = json.loads(data.decode("utf-8"))
    del data
    os.dup2(devnull, 0)
    scratch = os.getcwd()
    cache = os.environ.pop("ENERGYCOOP_PINT_CACHE", None)
    if cache and os.path.isdir(PINT_SEED):
        for name in os.listdir(PINT_SEED):
            try:
                shutil.copy(os.path.join(PINT_SEED, name), os.path.join(cache, name))
            except OSError:
                break
    for sub in ("runtime", "ipython", "matplotlib", "outputs", "cache", "jupyter", "jupyter-data"):
        os.makedirs(os.path.join(scratch, sub), exist_ok=True)

    sent = [0]

    def send(message: dict) -> None:
        body = json.dumps({**message, "n": sent[0]}).encode("utf-8")
        sent[0] += 1
        data = sign(key, body) + b" " + body + b"\n"
        while data:
            data = data[os.write(out, data) :]

    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="python3")
    env = dict(os.environ)
    env.pop("ENERGYCOOP_SANDBOXED_WORKER", None)
    try:
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
    except Exception as exc:  # reported to the grader
        send({"event": "stopped", "reason": f"the kernel did not start: {type(exc).__name__}: {exc}"[:300]})
        return 1
    deadline = None
    after = AFTER_BUDGET
    send({"event": "kernel", "t": round(time.monotonic() - began, 2)})
    try:
        for index, cell in enumerate(notebook.get("cells", [])):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = source if isinstance(source, str) else "".join(source)
            if (
                not source.strip()
            ):  # an empty cell does nothing: it is not run, and costs no time of the limit
                continue
            tags = cell.get("metadata", {}).get("tags", [])
            setup = "grader" in tags and "check" not in tags
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
            if state["status"] in ("dead", "deaf"):
                reason = (
                    _how_it_ended(km, index)
                    if state["status"] == "dead"
                    else f"code cell {index} ran past the time limit of {time_limit:g} s and ignored the "
                    "interrupt, so the kernel was stopped"
                )
                send({"event": "stopped", "reason": reason, "index": index})
                return 0
            if setup and state["status"] != "ok":
                send(
                    {
                        "event": "stopped",
                        "reason": "the grader's first cell failed: " + json.dumps(state["outputs"])[:300],
                    }
                )
                return 0
        send({"event": "done"})
    finally:
        with contextlib.suppress(Exception):  # the sandbox is killed next anyway
            km.shutdown_kernel(now=True)
    return 0


# What a display may bring out of the kernel, in JSON's bytes (non-ASCII text is escaped, up to 12 bytes a
# character): a text line, and a handed-over answer of up to ANSWER_CHARACTERS characters of any script. A larger
# answer payload is replaced by one that says so (its key and run secret kept), so that its exercise reads
# "cannot read" and is not taken for a check cell that never ran.
TEXT_BYTES = 65536
ANSWER_CHARACTERS = 20000  # answer_channel.describe_answer keeps as many
TOO_LARGE = "an answer too large to hand over to the grader"  # answer_channel.TOO_LARGE, checked by a test
ANSWER_BYTES = ANSWER_CHARACTERS * 12 + 4096


def kept_display(data) -> dict:
    kept = {}
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


def _run_cell(km, kc, source: str, limit: float) -> dict:  # noqa: C901 (to be split: listed in CONTRIBUTING)
    """Run one cell; its outputs (bounded) and status: ok, error, timeout, deaf (ignored the interrupt:
    killed) or dead."""
    from queue import Empty

    msg_id = kc.execute(source, store_history=True, allow_stdin=False, stop_on_error=False)
    outputs: list[dict] = []
    kept = 0
    status = None
    idle = 0.0  # when the kernel said it is idle again after this cell (0: not yet)
    # The cell's clock starts when the kernel says it began the cell (an interrupt that lands while the
    # request is still queued can be lost, and the cell is then taken for deaf); at least MIN_CELL seconds.
    sent = time.monotonic()
    deadline = sent + max(limit, MIN_CELL) + QUEUE_WAIT
    begun = False
    interrupted = None
    last_alive = time.monotonic()
    while status is None or not idle:
        now = time.monotonic()
        if (
            interrupted is None and now > deadline and not idle
        ):  # idle: the cell is over, its reply on the way
            km.interrupt_kernel()
            interrupted = now
        if idle and now > max(idle, interrupted or 0) + INTERRUPT_GRACE:  # over, but the reply was lost
            failed = any(o["output_type"] == "error" for o in outputs)
            return {"status": "timeout" if interrupted else "error" if failed else "ok", "outputs": outputs}
        if interrupted is not None and now > interrupted + INTERRUPT_GRACE:
            km.kill_kernel() if hasattr(km, "kill_kernel") else km.shutdown_kernel(now=True)
            outputs.append(
                {"output_type": "error", "ename": "TimeLimit", "evalue": "time limit", "traceback": []}
            )
            return {"status": "deaf", "outputs": outputs}
        if now - last_alive > 1.0:
            last_alive = now
            if not km.is_alive():
                return {"status": "dead", "outputs": outputs}
        try:
            msg = kc.iopub_channel.get_msg(timeout=0.05)
        except Empty:
            msg = None
        if msg is not None and msg.get("parent_header", {}).get("msg_id") == msg_id:
            kind, content = msg.get("msg_type"), msg.get("content", {})
            if not begun and kind in ("execute_input", "status") and content.get("execution_state") != "idle":
                begun = True
                deadline = time.monotonic() + max(limit, MIN_CELL)
            if kind == "status" and content.get("execution_state") == "idle":
                idle = time.monotonic()
            elif kind == "stream":
                text = str(content.get("text", ""))
                room = STREAM_KEPT - kept
                if room > 0:
                    piece = text[:room] + (
                        "\n[... the rest of the printed text was not kept]" if len(text) > room else ""
                    )
                    outputs.append(
                        {"output_type": "stream", "name": content.get("name", "stdout"), "text": piece}
                    )
                kept += len(text)
            elif kind in ("display_data", "execute_result"):
                small = kept_display(content.get("data", {}))
                if small:
                    outputs.append({"output_type": "display_data", "data": small, "metadata": {}})
            elif kind == "error":
                outputs.append(
                    {
                        "output_type": "error",
                        "ename": str(content.get("ename", ""))[:200],
                        "evalue": str(content.get("evalue", ""))[:2000],
                        "traceback": [],
                    }
                )
        try:
            reply = kc.shell_channel.get_msg(timeout=0)
        except Empty:
            reply = None
        if reply is not None and reply.get("parent_header", {}).get("msg_id") == msg_id:
            status = reply.get("content", {}).get("status", "error")
            if status != "ok" and not any(o["output_type"] == "error" for o in outputs):
                content = reply.get("content", {})
                outputs.append(
                    {
                        "output_type": "error",
                        "ename": str(content.get("ename", "Error"))[:200],
                        "evalue": str(content.get("evalue", ""))[:2000],
                        "traceback": [],
                    }
                )
            if interrupted is not None:
                status = "timeout"
    return {"status": status, "outputs": outputs}


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] == "worker":
    sys.exit(_worker(float(sys.argv[2])))
