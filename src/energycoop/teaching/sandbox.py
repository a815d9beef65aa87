"""Run one untrusted notebook where it can do no harm, and judge answers where they cannot hang the grader.

``run_notebook(notebook_json, ...)`` executes a notebook (the grader's copy of a submission) in a sandbox of
its own:

- with bubblewrap (Debian package ``bubblewrap``, the ``bwrap`` command) when it runs here: only what a
  kernel needs, read-only (``SYSTEM``: /usr, /etc, /sys and the links of a merged /usr; the Python
  environment; the collection's src/, data/ and notebooks/), none of the teacher's other files (/work,
  /home, /root, /srv, a handout with its keys do not exist inside), a private scratch directory (a
  size-bounded tmpfs) as the only writable place, no
  network, its own PID namespace (no view of the grader's processes or command line), the submissions
  folder, the output folder, the home directory, ``/tmp`` and the repository's ``runs/`` and ``site/``
  hidden behind empty directories, and a new session: every process it starts dies with it. When the
  grader runs as root the sandbox is made without a user namespace (one made by root would map its
  ``nobody`` to root outside) and the runner becomes, by ``setpriv``, a real user of its own
  (``containment.Users``: no account, no other process): root's files stay unreadable, RLIMIT_NPROC
  counts its processes alone, and ``kill(-1)`` reaches nothing else. Without bubblewrap, a grader
  running as root runs the runner as such a user too, or refuses (with the reason) when an unprivileged
  user cannot reach this Python.
- where bubblewrap cannot run, the same limits by ``resource`` in a new session, a scratch directory as
  HOME and working directory, and a minimal environment; the grader is a child subreaper meanwhile, so
  that a child the notebook detached comes back to it and is killed (``containment.Orphans``), and what a
  user of its own left where anyone may write is removed; the result says ``confined=False`` so that the
  gradebook can warn that grading ran unconfined.

Either way: limits on address space and data (memory), processes, file size and CPU time per process,
and where a memory cgroup can be made (``containment.Cgroup``) one memory limit for all the sandbox's
processes together, every one of them killed at the end; a wall-clock time limit enforced by killing the
whole sandbox (not by Ctrl-C, which a kernel can ignore), and a bound on the output kept. The runner inside the sandbox is this file run as a script (``python -I sandbox.py
worker``): it needs nothing but the standard library and ``jupyter_client``, streams each cell's outputs
to the grader as the cell finishes, and makes itself undumpable so that the student's kernel cannot read
its file descriptors. Each message is signed (HMAC-SHA256) with a key of the run that the runner reads
from its stdin before the kernel starts, and numbered; the grader ignores any other line and keeps only
the first message of each cell, so a kernel that reaches the channel (bwrap's copy of it) forges nothing.
After the time limit, the later cells share ``AFTER_BUDGET`` seconds, then none runs; the sandbox is
killed a constant ``AFTER_LIMIT`` past the limit whatever the number of cells.

The package's ``teaching/`` folder is shown as ``graded_package.folder()``: no module that computes an expected
answer exists inside. bubblewrap itself (PID 1 inside, which an unprivileged grader's student can inspect)
gets only ``BWRAP_ENVIRONMENT``. What remains visible of it (adv18b m1): ``/proc/1/cmdline``, the bwrap
command line (the clone's path, and the folders masked inside shown folders), and its pipes to the grader,
``/proc/1/fd/0`` and ``1``: a line written there is unsigned and ignored, and reading from them can only lose
the notebook's own messages (that notebook is then reported as stopped early); the runner reads the key
before the kernel starts, so nothing left in the pipe holds it.

``Verdicts`` judges answers in a separate process (``python -I -c ...``) with a time and memory bound per
answer: an answer that would compute for ever or exhaust memory costs only its own exercise.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import threading
import time
import typing
from dataclasses import dataclass, field
from pathlib import Path

from energycoop.teaching import graded_package, sandbox_worker
from energycoop.teaching.containment import (  # noqa: F401 (the limits, used from here by judge and the tests)
    FILE_SIZE,
    MEMORY,
    PROCESSES,
    Cgroup,
    Limits,
    Orphans,
    _end_namespace,
    _sandbox_init,
    _undumpable,
    memory_text,
)
from energycoop.teaching.process_memory import tree_memory
from energycoop.teaching.sandbox_worker import AFTER_BUDGET, INTERRUPT_GRACE, PINT_SEED, SETUP_LIMIT, sign
from energycoop.teaching.traces import USERS, Users, kill_user, remove_files_of, remove_ipc_of, scratch_folder  # noqa: F401 (USERS: used from here by the tests)

WORKER = Path(sandbox_worker.__file__).resolve()  # run as a script inside the sandbox
SOURCE_ROOT = WORKER.parents[2]  # the directory holding the energycoop package (put on the kernel's path)

SCRATCH_SIZE = 512 * 1024**2  # the scratch tmpfs
OUTPUT = 16 * 1024**2  # bytes of cell outputs the grader keeps from one notebook
AFTER_LIMIT = (
    AFTER_BUDGET + INTERRUPT_GRACE + 6.0
)  # seconds past the limit and grace before the sandbox is killed
NOBODY = 65534
# bubblewrap's own environment (the sandbox's PID 1, whose /proc/1/environ student code can read): none of the
# teacher's; the kernel's is ``kernel_environment`` (``--clearenv`` then ``--setenv``)
BWRAP_ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
SCRATCH = "/tmp"  # inside the sandbox: its private tmpfs
# what a sandbox shows of the system, read-only (a link, as /bin in a merged /usr, is made again as a link)
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/sys")


def _sandbox_user() -> tuple[int, int] | None:
    """(uid, gid) of the real, unprivileged user student code runs as: ``nobody``/``nogroup`` when the
    grader runs as root, else None (the grader's own user, unprivileged already). Student code never runs
    as real uid 0: a user namespace made by root would map its ``nobody`` to root outside (root's files
    readable, RLIMIT_NPROC not applied), so as root the sandbox is made without one and the runner is
    started through ``setpriv`` as the real ``nobody``."""
    return (NOBODY, NOBODY) if os.geteuid() == 0 else None


def _drop(command: list[str], user: tuple[int, int] | None = None) -> list[str]:
    """``command`` run as the sandbox's real unprivileged user (through ``setpriv``) when the grader is root:
    ``user``, or ``nobody``."""
    user = user or _sandbox_user()
    if not user:
        return command
    setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
    return [
        setpriv,
        f"--reuid={user[0]}",
        f"--regid={user[1]}",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--",
        *command,
    ]


def nobody_can_run_python() -> bool:
    """Whether the sandbox's unprivileged user can start this Python outside bubblewrap (a Python under
    ``/root`` cannot be reached by ``nobody``)."""
    if not _sandbox_user():
        return True
    try:
        probe = 'test -x "$0" && "$0" -I -c "import jupyter_client, subprocess, sys; subprocess.run([sys.executable, \'-c\', \'\'], check=True)"'
        return (
            subprocess.run(
                _drop(["/bin/sh", "-c", probe, sys.executable]),
                capture_output=True,
                timeout=60,
                check=False,
                cwd="/",
                env={"PATH": "/usr/bin:/bin"},
            ).returncode
            == 0
        )
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
                probe = subprocess.run(
                    [
                        found,
                        "--ro-bind",
                        "/",
                        "/",
                        "--dev",
                        "/dev",
                        "--proc",
                        "/proc",
                        *_namespace_args(),
                        "--die-with-parent",
                        "--new-session",
                        *_drop(["/bin/sh", "-c", "test $(id -u) != 0"]),
                    ],
                    capture_output=True,
                    timeout=30,
                    check=False,
                )
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
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=60, check=False, env=BWRAP_ENVIRONMENT
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"the sandbox could not start: {exc}"
    if done.returncode != 0:
        said = " ".join(done.stderr.split())[:300] or f"exit code {done.returncode}"
        return f"the sandbox could not start ({said})"
    return None


def bwrap_command(
    command: list[str],
    hide: list[Path],
    env: dict[str, str],
    user: tuple[int, int] | None = None,
    info_fd: int | None = None,
) -> list[str]:
    """The bubblewrap command line that runs ``command`` in a sandbox: only ``SYSTEM``, the environment and
    the collection's code, data and notebooks, read-only; inside those, the folders ``hide`` (and home, the
    repository's runs/ and site/) empty and read-only (a file of ``hide`` reads as empty), ``/tmp`` a
    private size-bounded tmpfs (``SCRATCH``, the working directory and the only writable place), no
    network, a new PID namespace and session, ``env`` only."""
    from energycoop.data.paths import ROOT

    args = [*_namespace_args(), "--die-with-parent", "--new-session", "--dev", "/dev", "--proc", "/proc"]
    # Only what a kernel needs is shown (issue 18, M2: a view of the whole system showed the teacher's answer
    # keys kept anywhere outside home): the system's programs and libraries and /etc, read-only; the
    # environment and the collection's code, data and exercise definitions, read-only; the scratch tmpfs.
    # Nothing else of the teacher's (/work, /home, /root, /srv, /mnt, a handout) exists inside.
    # the scratch tmpfs first: a collection or environment kept under /tmp (a clone in /tmp, as CI may make)
    # is bound into it below, and stays visible; mounted last, the tmpfs would hide them
    args += ["--size", str(SCRATCH_SIZE), "--perms", "1777", "--tmpfs", SCRATCH]
    shown: list[Path] = []
    for name in SYSTEM:
        path = Path(name)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), name]
        elif path.is_dir():
            args += ["--ro-bind", name, name]
            shown.append(path)
    needed = _existing(
        [
            SOURCE_ROOT,
            ROOT / "data",
            ROOT / "notebooks",
            sys.prefix,
            sys.base_prefix,
            Path(sys.executable).resolve().parent,
        ]
    )
    needed = [f for f in _outermost(needed) if not any(_inside(f, s) for s in shown)]
    made: set[Path] = set()
    for folder in needed:
        for parent in reversed(folder.parents):  # traversable by the sandbox's user
            if (
                parent not in (Path("/"), Path(SCRATCH))
                and parent not in made
                and not any(_inside(parent, s) for s in shown)
            ):
                args += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        args += ["--ro-bind", str(folder), str(folder)]
    shown += needed
    # the teaching layer without the answer key: no module that computes an expected answer (graded_package)
    args += ["--ro-bind", str(graded_package.folder()), str(SOURCE_ROOT / "energycoop" / "teaching")]
    # inside what is shown, the teacher's places are hidden still: home, the submissions and output folders
    # (``hide``), the repository's runs/ and site/
    top = _existing([Path.home(), _account_home(), "/var/tmp", "/run", "/dev/shm"])
    masks = []
    for folder in _outermost(_existing([*top, *hide, ROOT / "runs", ROOT / "site"])):
        if (
            any(_inside(folder, s) for s in shown)
            and not any(_inside(n, folder) for n in needed)
            and not _inside(folder, Path(SCRATCH))
            and not _inside(Path(SCRATCH), folder)
        ):
            args += ["--tmpfs", str(folder)]
            masks.append(folder)
    for path in hide:  # a file hidden where its folder stays visible (a gradebook in a shown folder)
        file = Path(path)
        if (
            file.is_file()
            and not file.is_symlink()
            and any(_inside(file, s) for s in shown)
            and not any(_inside(file, m) for m in masks)
        ):
            args += ["--ro-bind", "/dev/null", str(file)]
    for folder in masks:
        args += ["--remount-ro", str(folder)]
    args += [
        "--remount-ro",
        "/",
    ]  # bubblewrap's own root (a tmpfs holding the mount points) is not a place to write
    cache = Path(sys.prefix) / "var" / "cache" / "energycoop-pint"
    if cache.is_dir() and not cache.is_symlink():
        # pint's definition cache, read-only, and a private writable copy at its place (filled by the runner):
        # the registry loads in 0.1 s instead of 1.3 s, and no sandbox can change another's
        args += ["--ro-bind", str(cache), PINT_SEED, "--perms", "1777", "--tmpfs", str(cache)]
        env = {**env, "ENERGYCOOP_PINT_CACHE": str(cache)}
    if (
        info_fd is not None
    ):  # bwrap writes there the PID of the sandbox's first process (its PID namespace's init)
        args += ["--info-fd", str(info_fd)]
    args += ["--chdir", SCRATCH, "--clearenv"]
    for name, value in env.items():
        args += ["--setenv", name, value]
    return [bwrap() or "bwrap", *args, "--", *_drop(command, user)]


def memory_per_process_only() -> str | None:
    """What the gradebook says where no memory cgroup can be made (each process of a sandbox is limited, not
    all of them together), or None where one can."""
    group = Cgroup.make(MEMORY)
    if group is not None:
        group.remove()
        return None
    return (
        f"memory was limited per process only, and checked in all once a second: no memory cgroup could be "
        f"made here, so each of a notebook's processes (up to {PROCESSES}) is held to {memory_text()}, and the "
        "grader adds up what they hold each second and stops the notebook past that (between two checks they "
        "may hold more); run the grader as root, or where cgroups can be delegated to it, for a hard limit"
    )


def _account_home() -> str:
    """The grader's home as its account gives it (HOME may say another place)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_dir
    except (KeyError, ImportError):
        return "/"


def kernel_environment(scratch: str) -> dict[str, str]:
    """The few variables a student's kernel gets (none of the teacher's)."""
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": scratch,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONPATH": str(SOURCE_ROOT),
        "TMPDIR": scratch,
        "JUPYTER_RUNTIME_DIR": f"{scratch}/runtime",
        "JUPYTER_PLATFORM_DIRS": "1",
        "JUPYTER_CONFIG_DIR": f"{scratch}/jupyter",
        "JUPYTER_DATA_DIR": f"{scratch}/jupyter-data",
        "IPYTHONDIR": f"{scratch}/ipython",
        "MPLCONFIGDIR": f"{scratch}/matplotlib",
        "MPLBACKEND": "Agg",
        "XDG_CACHE_HOME": f"{scratch}/cache",
        "ENERGYCOOP_OUTPUT_DIR": f"{scratch}/outputs",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


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
    out_of_memory: bool = False
    init: tuple[int, int] | None = None  # with bubblewrap: its PID namespace's init (PID, start time)


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


_NOBODY_PYTHON: list = []


def _nobody_python() -> bool:
    if not _NOBODY_PYTHON:
        with Live.lock:  # the probe's process is not taken for an orphan
            _NOBODY_PYTHON.append(nobody_can_run_python())
    return _NOBODY_PYTHON[0]


def run_notebook(  # noqa: C901 (to be split: listed in CONTRIBUTING)
    notebook_json: str,
    time_limit: float,
    hide: list[Path],
    limits: Limits | None = None,
    setup_limit: float = SETUP_LIMIT,
) -> Execution:
    """Execute ``notebook_json`` (its first cell the grader's own setup, not counted in ``time_limit``)
    in a sandbox; never raises for what the notebook does."""
    start = time.monotonic()
    limits = limits or Limits()
    result = Execution(confined=bwrap() is not None)
    scratch_dir = None
    if not result.confined and not _nobody_python():
        result.failure = (
            "not run: the grader runs as root without bubblewrap, student code never runs as "
            f"root, and the sandbox's user (nobody) cannot start this Python ({sys.executable}); "
            "install bubblewrap (apt-get install bubblewrap) or grade as an ordinary user"
        )
        return result
    own = Users.take() if _sandbox_user() else None  # as root: a user of its own (else nobody)
    user = (own, own) if own is not None else _sandbox_user()
    if result.confined:
        env = {**kernel_environment(SCRATCH), "ENERGYCOOP_SANDBOXED": "1"}
        info_read, info_write = os.pipe()
        os.set_inheritable(info_write, True)
        command = bwrap_command(
            [sys.executable, "-I", str(WORKER), "worker", str(time_limit)], hide, env, user, info_write
        )
        cwd = "/"
    else:
        if not user:  # the notebook runs as the grader's own user: no ptrace of the grader, no /proc/PID/mem
            _undumpable()
        scratch_dir = scratch_folder()
        if user:
            os.chown(scratch_dir, *user)
        env = {**kernel_environment(scratch_dir), "ENERGYCOOP_SANDBOXED": "1"}
        command = _drop([sys.executable, "-I", str(WORKER), "worker", str(time_limit)], user)
        cwd = scratch_dir
    # RLIMIT_NPROC counts every process of the real user, so the limit is on top of those already running
    # (the grader's own user; none for a user of its own)
    uid = (user or (os.getuid(),))[0]
    limits = Limits(
        limits.memory,
        limits.processes,
        limits.file_size,
        int(setup_limit + time_limit + 60 + INTERRUPT_GRACE + AFTER_LIMIT),
    )
    group = Cgroup.make(limits.memory)  # all the sandbox's processes together (where a cgroup can be made)
    command = limits.wrap(command, uid, group.procs if group else None)
    token = None
    try:
        if Live.stopping.is_set():
            result.interrupted, result.failure = True, "grading was interrupted before this notebook ran"
            if result.confined:
                os.close(info_read)
            _clean_up(group, token, scratch_dir)
            if own is not None:
                Users.give_back(own)
            return result
        if group:
            with Live.lock:
                Live.groups.add(group)
        if not result.confined:
            token = Orphans.begin()  # the grader is a subreaper: a detached child comes back to it
        process = Live.spawn(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env=env if not result.confined else BWRAP_ENVIRONMENT,  # bwrap, PID 1 inside, shows its own
            start_new_session=True,
            close_fds=True,
            pass_fds=(info_write,) if result.confined else (),
        )
    except OSError as exc:
        result.failure = f"the sandbox could not start: {exc}"
        if result.confined:
            os.close(info_read)
        _clean_up(group, token, scratch_dir, own)
        if own is not None:
            Users.give_back(own)
        return result
    finally:
        if result.confined:
            os.close(info_write)
    try:
        _talk(
            process,
            notebook_json,
            time_limit,
            setup_limit,
            result,
            secrets.token_hex(32),
            (lambda: _sandbox_init(info_read)) if result.confined else None,
            None if group else limits.memory,
        )
    finally:
        init = result.init
        kill(process)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        for pipe in (process.stdin, process.stdout):  # never left to the garbage collector
            with contextlib.suppress(OSError):
                pipe.close()
        if result.confined:
            _end_namespace(init)
            os.close(info_read)
        Live.forget(process)
        if group and group.oom_killed() and not result.interrupted:  # the cgroup's own count
            result.out_of_memory = True
            result.failure = (
                f"the notebook ran out of its memory limit of {memory_text(limits.memory)} (all its "
                "processes together), so it was stopped"
            )
        if own is not None:
            kill_user(own)  # every process of its own user, whatever group, session or parent it has now
        _clean_up(group, token, scratch_dir, own if not result.confined else None)
        if own is not None:
            Users.give_back(own)
        result.seconds = time.monotonic() - start
    return result


def _clean_up(
    group: Cgroup | None, token: int | None, scratch_dir: str | None, own: int | None = None
) -> None:
    """Kill every process left of a sandbox (in its group, or come back to the grader) and remove its traces:
    its scratch folder, and (unconfined, as a user of its own) what it left where anyone may write."""
    if group:
        group.remove()
        with Live.lock:
            Live.groups.discard(group)
    if token is not None:
        Orphans.end(token)
    if scratch_dir:
        shutil.rmtree(scratch_dir, ignore_errors=True)
    if own is not None:
        remove_files_of(own)
        remove_ipc_of(own)


def _talk(  # noqa: C901 (to be split: listed in CONTRIBUTING)
    process, notebook_json, time_limit, setup_limit, result: Execution, key: str, on_kernel=None, memory=None
) -> None:
    """Send the key and the notebook, then read the runner's lines until it ends or a deadline passes (then
    kill). Only the runner's messages count: each signed with ``key`` (which the runner reads before the
    kernel starts and the kernel never sees) and numbered in order; a forged, replayed or out-of-order line
    is ignored, and only the first message of a cell is kept. ``memory``: where no cgroup holds the sandbox's
    processes together, the bytes they may hold in all, added up each second (``process_memory``)."""
    expected = 0
    weighed = time.monotonic()
    try:
        process.stdin.write(key.encode("ascii") + b"\n" + notebook_json.encode("utf-8"))
        process.stdin.close()
    except OSError:
        pass
    deadline = time.monotonic() + setup_limit
    received = 0
    buffer = b""
    with selectors.DefaultSelector() as selector:  # its descriptor closed however the talk ends
        selector.register(process.stdout, selectors.EVENT_READ)
        fd = process.stdout.fileno()
        while True:
            if Live.stopping.is_set():
                result.interrupted = True
                result.failure = "grading was interrupted while this notebook ran"
                return
            left = deadline - time.monotonic()
            if left <= 0:
                if result.started:
                    result.failure = (
                        f"the notebook ran past its time limit of {time_limit:g} s and did not stop when "
                        "interrupted, so it was stopped"
                    )
                else:
                    result.failure = f"the kernel did not start within {setup_limit:g} s"
                return
            if memory is not None and time.monotonic() - weighed >= 1.0:
                weighed = time.monotonic()
                if tree_memory(process.pid) > memory:
                    result.out_of_memory = True
                    result.failure = (
                        f"the notebook ran out of its memory limit of {memory_text(memory)} (all its processes "
                        "together), so it was stopped"
                    )
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
                if event == "kernel" and on_kernel is not None and result.init is None:
                    result.init = on_kernel()
                if event == "ready":
                    result.started = True
                    # the runner interrupts each cell at the limit and runs no student cell after it; this is the
                    # kill if the kernel ignores that (a constant past the limit, whatever the number of cells)
                    deadline = time.monotonic() + time_limit + INTERRUPT_GRACE + AFTER_LIMIT
                elif (
                    event == "cell"
                    and isinstance(message.get("index"), int)
                    and message["index"] not in result.cells
                ):
                    result.cells[message["index"]] = message
                elif event == "stopped":
                    result.failure = str(message.get("reason", "the kernel stopped"))[:500]
                elif event == "done":
                    result.cells[-1] = {"done": True}
                    return
