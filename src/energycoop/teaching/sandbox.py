"""Run one untrusted notebook where it can do no harm, and judge answers where they cannot hang the grader.

``run_notebook(notebook_json, ...)`` executes a notebook (the grader's copy of a submission) in a sandbox of
its own:

- with bubblewrap (Debian package ``bubblewrap``, the ``bwrap`` command) when it runs here: a read-only
  view of the system, a private scratch directory (a size-bounded tmpfs) as the only writable place, no
  network, its own PID namespace (no view of the grader's processes or command line), the submissions
  folder, the output folder, the home directory, ``/tmp`` and the repository's ``runs/`` and ``site/``
  hidden behind empty directories, and a new session: every process it starts dies with it. When the
  grader runs as root the sandbox is made without a user namespace (one made by root would map its
  ``nobody`` to root outside) and the runner becomes the real ``nobody`` by ``setpriv``: root's files
  stay unreadable and RLIMIT_NPROC applies. Without bubblewrap, a grader running as root runs the runner
  as ``nobody`` too, or refuses (with the reason) when ``nobody`` cannot reach this Python.
- where bubblewrap cannot run, the same limits by ``resource`` in a new session, a scratch directory as
  HOME and working directory, and a minimal environment; the result says ``confined=False`` so that the
  gradebook can warn that grading ran unconfined.

Either way: limits on address space (memory), processes, file size and CPU time, a wall-clock time limit
enforced by killing the whole sandbox (not by Ctrl-C, which a kernel can ignore), and a bound on the
output kept. The runner inside the sandbox is this file run as a script (``python -I sandbox.py
worker``): it needs nothing but the standard library and ``jupyter_client``, streams each cell's outputs
to the grader as the cell finishes, and makes itself undumpable so that the student's kernel cannot read
its file descriptors. Each message is signed (HMAC-SHA256) with a key of the run that the runner reads
from its stdin before the kernel starts, and numbered; the grader ignores any other line and keeps only
the first message of each cell, so a kernel that reaches the channel (bwrap's copy of it) forges nothing.
After the time limit, the later cells share ``AFTER_BUDGET`` seconds, then none runs; the sandbox is
killed a constant ``AFTER_LIMIT`` past the limit whatever the number of cells.

``Verdicts`` judges answers in a separate process (``python -I -c ...``) with a time and memory bound per
answer: an answer that would compute for ever or exhaust memory costs only its own exercise.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import resource
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import typing
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve()
SOURCE_ROOT = HERE.parents[2]  # the directory holding the energycoop package (put on the kernel's path)

MEMORY = 2 * 1024**3  # bytes of address space per process (RLIMIT_AS)
PROCESSES = 256  # processes and threads, beyond those the sandbox's user already runs (RLIMIT_NPROC)
FILE_SIZE = 256 * 1024**2  # largest file a notebook may write (RLIMIT_FSIZE)
SCRATCH_SIZE = 512 * 1024**2  # the scratch tmpfs
OUTPUT = 16 * 1024**2  # bytes of cell outputs the grader keeps from one notebook
STREAM_KEPT = 64 * 1024  # characters of printed text kept per cell
PRINT_LIMIT = 8 * 1024**2  # characters a kernel may print in all before further printing is dropped
INTERRUPT_GRACE = 3.0  # seconds a kernel has to answer an interrupt before it is killed
SETUP_LIMIT = 120.0  # seconds to start the kernel and run the grader's first cell
VERDICT_LIMIT = 10.0  # seconds to judge one answer
AFTER_BUDGET = 8.0  # seconds, in all, the cells after the time limit may take (each at most 2 s): a loop costs
# only its own exercise, and a notebook of many cells is cut off at the limit plus this constant
AFTER_LIMIT = AFTER_BUDGET + INTERRUPT_GRACE + 6.0  # seconds past the limit and grace before the sandbox is killed
NOBODY = 65534
SCRATCH = "/tmp"  # inside the sandbox: its private tmpfs
PINT_SEED = "/tmp/.pint-cache"  # inside the sandbox: the grader's pint cache, read-only


# ------------------------------------------------------------------------------------------------
# Limits


def _threads_of(uid: int) -> int:
    """How many processes and threads ``uid`` runs now (RLIMIT_NPROC counts them all)."""
    count = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as handle:
                status = dict(line.split(":", 1) for line in handle if ":" in line)
            if int(status["Uid"].split()[0]) == uid:
                count += int(status.get("Threads", "1"))
        except (OSError, ValueError, KeyError, IndexError):
            continue
    return count


@dataclass(frozen=True)
class Limits:
    memory: int = MEMORY
    processes: int = PROCESSES
    file_size: int = FILE_SIZE
    cpu: int = 3600

    def wrap(self, command: list[str], uid: int | None) -> list[str]:
        """``command`` run under these limits (set by a small exec wrapper: no ``preexec_fn`` in a grader
        that runs threads). ``uid``: count the processes that user runs already (None: none)."""
        processes = self.processes + (0 if uid is None else _threads_of(uid))
        hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
        processes = processes if hard == resource.RLIM_INFINITY else min(processes, hard)
        limits = {"RLIMIT_AS": self.memory, "RLIMIT_FSIZE": self.file_size, "RLIMIT_CPU": self.cpu,
                  "RLIMIT_CORE": 0, "RLIMIT_NPROC": processes}
        return [sys.executable, "-I", "-S", "-c", _LIMITED, json.dumps(limits), *command]


# Sets the limits given as JSON in argv[1], then becomes the command in argv[2:].
_LIMITED = ("import json, os, resource, sys\n"
            "for name, value in json.loads(sys.argv[1]).items():\n"
            "    hard = resource.getrlimit(getattr(resource, name))[1]\n"
            "    value = value if hard == resource.RLIM_INFINITY else min(value, hard)\n"
            "    resource.setrlimit(getattr(resource, name), (value, hard if name == 'RLIMIT_CPU' and hard != "
            "resource.RLIM_INFINITY else value + 5 if name == 'RLIMIT_CPU' else value))\n"
            "os.execv(sys.argv[2], sys.argv[2:])\n")


def _sandbox_user() -> tuple[int, int] | None:
    """(uid, gid) of the real, unprivileged user student code runs as: ``nobody``/``nogroup`` when the
    grader runs as root, else None (the grader's own user, unprivileged already). Student code never runs
    as real uid 0: a user namespace made by root would map its ``nobody`` to root outside (root's files
    readable, RLIMIT_NPROC not applied), so as root the sandbox is made without one and the runner is
    started through ``setpriv`` as the real ``nobody``."""
    return (NOBODY, NOBODY) if os.geteuid() == 0 else None


def _drop(command: list[str]) -> list[str]:
    """``command`` run as the sandbox's real unprivileged user (through ``setpriv``) when the grader is root."""
    user = _sandbox_user()
    if not user:
        return command
    setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
    return [setpriv, f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all", "--no-new-privs", "--", *command]


def nobody_can_run_python() -> bool:
    """Whether the sandbox's unprivileged user can start this Python outside bubblewrap (a Python under
    ``/root`` cannot be reached by ``nobody``)."""
    if not _sandbox_user():
        return True
    try:
        probe = 'test -x "$0" && "$0" -I -c "import jupyter_client, subprocess, sys; subprocess.run([sys.executable, \'-c\', \'\'], check=True)"'
        return subprocess.run(_drop(["/bin/sh", "-c", probe, sys.executable]), capture_output=True,
                              timeout=60, check=False, cwd="/", env={"PATH": "/usr/bin:/bin"}).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


# ------------------------------------------------------------------------------------------------
# bubblewrap


_BWRAP: list = []


def bwrap() -> str | None:
    """The ``bwrap`` command if it can build a sandbox here (checked once), else None."""
    if os.environ.get("ENERGYCOOP_SANDBOX") == "none":
        return None
    if not _BWRAP:
        found = shutil.which("bwrap")
        if found:
            try:
                probe = subprocess.run([found, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                                        *_namespace_args(), "--die-with-parent", "--new-session",
                                        *_drop(["/bin/sh", "-c", "test $(id -u) != 0"])],
                                       capture_output=True, timeout=30, check=False)
                found = found if probe.returncode == 0 else None
            except (OSError, subprocess.SubprocessError):
                found = None
        _BWRAP.append(found)
    return _BWRAP[0]


def _namespace_args() -> list[str]:
    """Every namespace but, as root, the user namespace (see ``_sandbox_user``): there the runner becomes
    the real ``nobody`` by ``setpriv`` inside the sandbox, and bwrap, PID 1, stays root (its file
    descriptors out of the student's reach)."""
    if not _sandbox_user():
        return ["--unshare-all"]
    return ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]


def _existing(paths) -> list[Path]:
    out = []
    for path in paths:
        try:
            resolved = Path(path).resolve()
        except (OSError, RuntimeError):
            continue
        if resolved.is_dir() and resolved != Path("/") and resolved not in out:
            out.append(resolved)
    return out


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _outermost(folders: list[Path]) -> list[Path]:
    """The folders that lie inside none of the others: hiding a folder hides what it holds, and a folder
    inside one already replaced by an empty tmpfs no longer exists to be hidden (bubblewrap would fail)."""
    return [f for f in folders if not any(other != f and _inside(f, other) for other in folders)]


def preflight(hide: list[Path]) -> str | None:
    """None if a sandbox hiding ``hide`` starts here (or there is no bubblewrap, which the gradebook reports
    otherwise); else what bubblewrap said, so that the grader stops before marking anyone."""
    if bwrap() is None:
        return None
    command = bwrap_command(["/bin/true"], hide, {"PATH": "/usr/bin:/bin"})
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"the sandbox could not start: {exc}"
    if done.returncode != 0:
        said = " ".join(done.stderr.split())[:300] or f"exit code {done.returncode}"
        return f"the sandbox could not start ({said})"
    return None


def bwrap_command(command: list[str], hide: list[Path], env: dict[str, str]) -> list[str]:
    """The bubblewrap command line that runs ``command`` in a sandbox: the system read-only, the
    folders ``hide`` (and home, the repository's runs/ and site/) empty and read-only, ``/tmp`` a
    private size-bounded tmpfs (``SCRATCH``, the working directory and the only writable place), no
    network, a new PID namespace and session, ``env`` only."""
    from energycoop.data.paths import ROOT

    args = [*_namespace_args(), "--die-with-parent", "--new-session", "--ro-bind", "/", "/", "--dev", "/dev",
            "--proc", "/proc", "--size", str(SCRATCH_SIZE), "--perms", "1777", "--tmpfs", SCRATCH]
    top = _existing([Path.home(), "/var/tmp", "/run", "/dev/shm"])
    needed = _existing([ROOT, SOURCE_ROOT, sys.prefix, sys.base_prefix, Path(sys.executable).resolve().parent])
    masks = [*top]
    for folder in top:
        args += ["--tmpfs", str(folder)]
    covered = [*top, Path(SCRATCH)]
    visible = []
    for folder in needed:
        if any(_inside(folder, t) for t in covered) and not any(_inside(folder, v) for v in visible):
            top_of = next(t for t in covered if _inside(folder, t))
            for parent in reversed(folder.parents):  # traversable by the sandbox's user (bwrap makes them 0700)
                if _inside(parent, top_of) and parent != top_of:
                    args += ["--perms", "0755", "--dir", str(parent)]
            args += ["--ro-bind", str(folder), str(folder)]
            visible.append(folder)
    for folder in _outermost(_existing([*hide, ROOT / "runs", ROOT / "site"])):
        hidden_already = any(_inside(folder, t) for t in covered) and not any(_inside(folder, v) for v in visible)
        if not hidden_already:
            args += ["--tmpfs", str(folder)]
            masks.append(folder)
    for folder in masks:
        args += ["--remount-ro", str(folder)]
    cache = Path(sys.prefix) / "var" / "cache" / "energycoop-pint"
    if cache.is_dir() and not cache.is_symlink():
        # pint's definition cache, read-only, and a private writable copy at its place (filled by the runner):
        # the registry loads in 0.1 s instead of 1.3 s, and no sandbox can change another's
        args += ["--ro-bind", str(cache), PINT_SEED, "--perms", "1777", "--tmpfs", str(cache)]
        env = {**env, "ENERGYCOOP_PINT_CACHE": str(cache)}
    args += ["--chdir", SCRATCH, "--clearenv"]
    for name, value in env.items():
        args += ["--setenv", name, value]
    return [bwrap() or "bwrap", *args, "--", *_drop(command)]


def kernel_environment(scratch: str) -> dict[str, str]:
    """The few variables a student's kernel gets (none of the teacher's)."""
    return {"PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin", "HOME": scratch,
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONPATH": str(SOURCE_ROOT), "TMPDIR": scratch,
            "JUPYTER_RUNTIME_DIR": f"{scratch}/runtime", "JUPYTER_PLATFORM_DIRS": "1",
            "JUPYTER_CONFIG_DIR": f"{scratch}/jupyter", "JUPYTER_DATA_DIR": f"{scratch}/jupyter-data",
            "IPYTHONDIR": f"{scratch}/ipython", "MPLCONFIGDIR": f"{scratch}/matplotlib", "MPLBACKEND": "Agg",
            "XDG_CACHE_HOME": f"{scratch}/cache", "ENERGYCOOP_OUTPUT_DIR": f"{scratch}/outputs",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2", "PYTHONDONTWRITEBYTECODE": "1"}


# ------------------------------------------------------------------------------------------------
# Running a notebook (the grader's side)


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


class _Live:
    """The sandboxes running now, so that an interrupted grader kills them all."""

    lock = threading.Lock()
    processes: typing.ClassVar[set] = set()
    stopping = threading.Event()


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        process.kill()
    except OSError:
        pass


def stop_all() -> None:
    """Kill every running sandbox and verdict process (an interrupted grader)."""
    _Live.stopping.set()
    with _Live.lock:
        for process in list(_Live.processes):
            _kill(process)
    _reap_orphans()


def _reap_orphans() -> None:
    """Without bubblewrap the grader is a subreaper: children a notebook left behind (a new session
    escapes a process-group kill) come back to it, and are killed here."""
    me = os.getpid()
    with _Live.lock:
        ours = {p.pid for p in _Live.processes}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) in ours:
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry.name}/environ", "rb") as handle:
                marked = b"ENERGYCOOP_SANDBOXED=1" in handle.read()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me and marked:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
                os.waitpid(int(entry.name), os.WNOHANG)
            except OSError:
                pass


def _become_subreaper() -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


_NOBODY_PYTHON: list = []


def _nobody_python() -> bool:
    if not _NOBODY_PYTHON:
        _NOBODY_PYTHON.append(nobody_can_run_python())
    return _NOBODY_PYTHON[0]


def run_notebook(notebook_json: str, time_limit: float, hide: list[Path], limits: Limits = Limits(),
                 setup_limit: float = SETUP_LIMIT) -> Execution:
    """Execute ``notebook_json`` (its first cell the grader's own setup, not counted in ``time_limit``)
    in a sandbox; never raises for what the notebook does."""
    start = time.monotonic()
    result = Execution(confined=bwrap() is not None)
    scratch_dir = None
    if result.confined:
        env = {**kernel_environment(SCRATCH), "ENERGYCOOP_SANDBOXED": "1"}
        command = bwrap_command([sys.executable, "-I", str(HERE), "worker", str(time_limit)], hide, env)
        cwd = "/"
    else:
        _become_subreaper()
        if not _nobody_python():
            result.failure = ("not run: the grader runs as root without bubblewrap, student code never runs as "
                              f"root, and the sandbox's user (nobody) cannot start this Python ({sys.executable}); "
                              "install bubblewrap (apt-get install bubblewrap) or grade as an ordinary user")
            return result
        scratch_dir = tempfile.mkdtemp(prefix="energycoop-grade-")
        if _sandbox_user():
            os.chown(scratch_dir, *_sandbox_user())
        env = {**kernel_environment(scratch_dir), "ENERGYCOOP_SANDBOXED": "1"}
        command = _drop([sys.executable, "-I", str(HERE), "worker", str(time_limit)])
        cwd = scratch_dir
    # RLIMIT_NPROC counts every process of the real user, so the limit is on top of those already running
    # (the grader's own user, or nobody when the grader is root)
    uid = (_sandbox_user() or (os.getuid(),))[0]
    limits = Limits(limits.memory, limits.processes, limits.file_size,
                    int(setup_limit + time_limit + 60 + INTERRUPT_GRACE + AFTER_LIMIT))
    command = limits.wrap(command, uid)
    try:
        if _Live.stopping.is_set():
            result.interrupted, result.failure = True, "grading was interrupted before this notebook ran"
            return result
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   cwd=cwd, env=env if not result.confined else {"PATH": os.environ.get("PATH", "")},
                                   start_new_session=True, close_fds=True)
    except OSError as exc:
        result.failure = f"the sandbox could not start: {exc}"
        if scratch_dir:
            shutil.rmtree(scratch_dir, ignore_errors=True)
        return result
    with _Live.lock:
        _Live.processes.add(process)
    try:
        _talk(process, notebook_json, time_limit, setup_limit, result, secrets.token_hex(32))
    finally:
        _kill(process)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        with _Live.lock:
            _Live.processes.discard(process)
        if not result.confined:
            _reap_orphans()
        if scratch_dir:
            shutil.rmtree(scratch_dir, ignore_errors=True)
        result.seconds = time.monotonic() - start
    return result


def sign(key: str, body: bytes) -> bytes:
    """The runner's signature of one message (HMAC-SHA256 with the run's key)."""
    return hmac.new(key.encode("ascii"), body, hashlib.sha256).hexdigest().encode("ascii")


def _talk(process, notebook_json, time_limit, setup_limit, result: Execution, key: str) -> None:
    """Send the key and the notebook, then read the runner's lines until it ends or a deadline passes (then
    kill). Only the runner's messages count: each signed with ``key`` (which the runner reads before the
    kernel starts and the kernel never sees) and numbered in order; a forged, replayed or out-of-order line
    is ignored, and only the first message of a cell is kept."""
    expected = 0
    try:
        process.stdin.write(key.encode("ascii") + b"\n" + notebook_json.encode("utf-8"))
        process.stdin.close()
    except OSError:
        pass
    deadline = time.monotonic() + setup_limit
    received = 0
    buffer = b""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    fd = process.stdout.fileno()
    while True:
        if _Live.stopping.is_set():
            result.interrupted = True
            result.failure = "grading was interrupted while this notebook ran"
            return
        left = deadline - time.monotonic()
        if left <= 0:
            if result.started:
                result.failure = (f"the notebook ran past its time limit of {time_limit:g} s and did not stop when "
                                  "interrupted, so it was stopped")
            else:
                result.failure = f"the kernel did not start within {setup_limit:g} s"
            return
        if not selector.select(timeout=min(left, 0.5)):
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            if result.failure is None and "done" not in result.cells.get(-1, {}):
                result.failure = "the notebook's runner ended before the notebook did (killed from inside?)"
            return
        received += len(chunk)
        if received > OUTPUT:
            result.failure = f"the notebook's output passed {OUTPUT // 1024**2} MB, so it was stopped"
            return
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            signature, _, body = line.partition(b" ")
            if not hmac.compare_digest(signature, sign(key, body)):
                continue  # not the runner's
            try:
                message = json.loads(body)
            except ValueError:
                continue
            if not isinstance(message, dict) or message.get("n") != expected:
                continue
            expected += 1
            event = message.get("event")
            if event == "ready":
                result.started = True
                # the runner interrupts each cell at the limit and runs no student cell after it; this is the
                # kill if the kernel ignores that (a constant past the limit, whatever the number of cells)
                deadline = time.monotonic() + time_limit + INTERRUPT_GRACE + AFTER_LIMIT
            elif event == "cell" and isinstance(message.get("index"), int) and message["index"] not in result.cells:
                result.cells[message["index"]] = message
            elif event == "stopped":
                result.failure = str(message.get("reason", "the kernel stopped"))[:500]
            elif event == "done":
                result.cells[-1] = {"done": True}
                return


# ------------------------------------------------------------------------------------------------
# The runner (inside the sandbox: standard library and jupyter_client only)


def _undumpable() -> None:
    """Make this process's memory and file descriptors unreadable by the kernel it starts (same user)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    except (OSError, AttributeError):
        pass


def _worker(time_limit: float) -> int:
    began = time.monotonic()
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
            data = data[os.write(out, data):]

    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="python3")
    env = dict(os.environ)
    env.pop("ENERGYCOOP_SANDBOXED_WORKER", None)
    try:
        km.start_kernel(env=env, cwd=scratch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                        extra_arguments=["--IPKernelApp.capture_fd_output=False"])
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
    except Exception as exc:  # noqa: BLE001 (reported to the grader)
        send({"event": "stopped", "reason": f"the kernel did not start: {type(exc).__name__}: {exc}"[:300]})
        return 1
    deadline = None
    after = AFTER_BUDGET
    send({"event": "kernel", "t": round(time.monotonic() - began, 2)})
    try:
        for index, cell in enumerate(notebook.get("cells", [])):
            if cell.get("cell_type") != "code":
                continue
            tags = cell.get("metadata", {}).get("tags", [])
            setup = "grader" in tags and "check" not in tags
            if not setup and deadline is None:
                deadline = time.monotonic() + time_limit
                send({"event": "ready"})
            limit = (deadline - time.monotonic()) if deadline else SETUP_LIMIT
            if limit <= 0:  # past the time limit: the later cells share AFTER_BUDGET seconds, then none runs
                if after <= 0:
                    send({"event": "stopped", "reason": f"the notebook ran past its time limit of {time_limit:g} s: "
                          f"code cell {index} and the cells after it were not run", "index": index})
                    break
                limit = min(2.0, after)
            source = cell.get("source", "")
            source = source if isinstance(source, str) else "".join(source)
            began_cell = time.monotonic()
            state = _run_cell(km, kc, source, limit)
            if deadline is not None and began_cell >= deadline:
                after -= time.monotonic() - began_cell
            send({"event": "cell", "index": index, "status": state["status"], "outputs": state["outputs"],
                  "t": round(time.monotonic() - began, 2)})
            if state["status"] in ("dead", "deaf"):
                reason = ("the kernel died (out of memory, or killed)" if state["status"] == "dead" else
                          f"code cell {index} ran past the time limit of {time_limit:g} s and ignored the "
                          "interrupt, so the kernel was stopped")
                send({"event": "stopped", "reason": reason, "index": index})
                return 0
            if setup and state["status"] != "ok":
                send({"event": "stopped", "reason": "the grader's first cell failed: " + json.dumps(state["outputs"])[:300]})
                return 0
        send({"event": "done"})
    finally:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001, S110 (the sandbox is killed next anyway)
            pass
    return 0


def _run_cell(km, kc, source: str, limit: float) -> dict:
    """Run one cell; its outputs (bounded) and status: ok, error, timeout, deaf (ignored the interrupt:
    killed) or dead."""
    from queue import Empty

    msg_id = kc.execute(source, store_history=True, allow_stdin=False, stop_on_error=False)
    outputs: list[dict] = []
    kept = 0
    status = None
    idle = False
    deadline = time.monotonic() + limit
    interrupted = None
    last_alive = time.monotonic()
    while status is None or not idle:
        now = time.monotonic()
        if interrupted is None and now > deadline:
            km.interrupt_kernel()
            interrupted = now
        if interrupted is not None and now > interrupted + INTERRUPT_GRACE:
            km.kill_kernel() if hasattr(km, "kill_kernel") else km.shutdown_kernel(now=True)
            outputs.append({"output_type": "error", "ename": "TimeLimit", "evalue": "time limit", "traceback": []})
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
            if kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                text = str(content.get("text", ""))
                room = STREAM_KEPT - kept
                if room > 0:
                    piece = text[:room] + ("\n[... the rest of the printed text was not kept]" if len(text) > room
                                           else "")
                    outputs.append({"output_type": "stream", "name": content.get("name", "stdout"), "text": piece})
                kept += len(text)
            elif kind in ("display_data", "execute_result"):
                data = content.get("data", {})
                small = {k: v for k, v in data.items() if isinstance(v, (str, dict))
                         and len(json.dumps(v)) <= 65536 and (k == "text/plain" or k.startswith("application/vnd.energycoop"))}
                if small:
                    outputs.append({"output_type": "display_data", "data": small, "metadata": {}})
            elif kind == "error":
                outputs.append({"output_type": "error", "ename": str(content.get("ename", ""))[:200],
                                "evalue": str(content.get("evalue", ""))[:2000], "traceback": []})
        try:
            reply = kc.shell_channel.get_msg(timeout=0)
        except Empty:
            reply = None
        if reply is not None and reply.get("parent_header", {}).get("msg_id") == msg_id:
            status = reply.get("content", {}).get("status", "error")
            if status != "ok" and not any(o["output_type"] == "error" for o in outputs):
                content = reply.get("content", {})
                outputs.append({"output_type": "error", "ename": str(content.get("ename", "Error"))[:200],
                                "evalue": str(content.get("evalue", ""))[:2000], "traceback": []})
            if interrupted is not None:
                status = "timeout"
            idle = idle or False
    return {"status": status, "outputs": outputs}


# ------------------------------------------------------------------------------------------------
# Judging answers, each within a time and memory bound


class Verdicts:
    """A process that judges answers (``exercises.verdict`` of ``grading.restore_answer``), one at a
    time, each within ``limit`` seconds: past it, the process is killed (and started again for the next
    answer), and the answer is reported as one that cannot be read."""

    def __init__(self, limit: float = VERDICT_LIMIT, memory: int = MEMORY):
        self.limit = limit
        self.memory = memory
        self.process = None

    def _start(self):
        code = (f"import sys; sys.path.insert(0, {str(SOURCE_ROOT)!r}); "
                "from energycoop.teaching.sandbox import _serve_verdicts; _serve_verdicts()")
        command = Limits(memory=self.memory, cpu=24 * 3600).wrap([sys.executable, "-I", "-c", code], os.getuid())
        if _Live.stopping.is_set():
            raise OSError("grading was interrupted")
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
                                        env={"PATH": os.environ.get("PATH", ""),
                                                                 "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
                                                                 "HOME": tempfile.gettempdir()})
        with _Live.lock:
            _Live.processes.add(self.process)

    def close(self) -> None:
        if self.process is not None:
            _kill(self.process)
            self.process.wait()
            with _Live.lock:
                _Live.processes.discard(self.process)
            self.process = None

    def _ask(self, request: dict, limit: float) -> dict | None:
        """Send one request; its reply, or None (the process killed) past ``limit`` seconds or on a bad reply."""
        try:
            self.process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            self.process.stdin.flush()
        except OSError:
            self.close()
            return None
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=limit):
            self.close()
            return None
        line = self.process.stdout.readline(1_000_000)
        try:
            answer = json.loads(line)
            assert isinstance(answer, dict)
        except (ValueError, AssertionError):
            self.close()
            return None
        return answer

    def judge(self, key: str, payload: dict, seed: int) -> dict:
        """{"result", "feedback", "answer"} for one answer; never raises, never hangs."""
        if self.process is None or self.process.poll() is not None:
            self.close()
            try:
                self._start()
            except OSError as exc:
                return _unjudged(payload, f"the judge could not start ({exc})")
            # loading the library and the variant's data is not the answer's time
            if self._ask({"warm": seed}, SETUP_LIMIT) is None:
                return _unjudged(payload, "the judge could not load the exercises")
        answer = self._ask({"key": key, "payload": payload, "seed": seed}, self.limit)
        if answer is None:
            return _unjudged(payload, f"reading it took longer than {self.limit:g} s or more memory than allowed, "
                                      "so it was given up")
        if not {"result", "feedback", "answer"} <= set(answer):
            return _unjudged(payload, "the judge gave no verdict")
        return answer


def _unjudged(payload: dict, why: str) -> dict:
    shown = payload.get("text") if payload.get("kind") == "text" else \
        f"{payload.get('magnitude', payload.get('value', payload.get('repr', '')))} {payload.get('units', '')}"
    return {"result": "wrong", "feedback": f"Cannot read your answer: {why}.", "answer": str(shown)[:300].strip()}


def _serve_verdicts() -> None:
    from energycoop.teaching import exercises, grading

    for line in sys.stdin:
        payload = {}
        try:
            request = json.loads(line)
            if "warm" in request:
                exercises.values(int(request["warm"]))
                sys.stdout.write('{"warm": true}\n')
                sys.stdout.flush()
                continue
            payload = request["payload"]
            answer = grading.restore_answer(payload)
            result, feedback = exercises.verdict(request["key"], answer, request["seed"])
            reply = {"result": result, "feedback": feedback, "answer": grading.answer_text(answer)}
        except Exception as exc:  # noqa: BLE001 (any failure means the same: it cannot be read)
            reason = {"Overflow": "its number is too large", "OverflowError": "its number is too large",
                      "ZeroDivisionError": "its number is too small", "Underflow": "its number is too small",
                      "MemoryError": "it needed more memory than allowed"}.get(type(exc).__name__,
                                                                           f"{type(exc).__name__}")
            reply = _unjudged(payload if isinstance(payload, dict) else {}, reason)
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] == "worker":
    sys.exit(_worker(float(sys.argv[2])))
