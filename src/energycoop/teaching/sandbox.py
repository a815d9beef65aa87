"""Run one untrusted notebook where it can do no harm.

``run_notebook(notebook_json, ...)`` executes a notebook (the grader's copy of a submission) in a sandbox of
its own:

- with bubblewrap (Debian package ``bubblewrap``, the ``bwrap`` command) when it runs here: only what a
  kernel needs, read-only (``sandbox_setup.SYSTEM``: /usr, /etc, /sys and the links of a merged /usr; the Python
  environment; the collection's src/, data/ and notebooks/), none of the teacher's other files (/work,
  /home, /root, /srv, a handout with its keys do not exist inside), a private scratch directory (a
  size-bounded tmpfs) as the only writable place, no
  network, its own PID namespace (no view of the grader's processes or command line), the submissions
  folder, the output folder, the home directory, ``/tmp`` and the repository's ``runs/`` and ``site/``
  hidden behind empty directories, and a new session: every process it starts dies with it. When the
  grader runs as root the sandbox is made without a user namespace (one made by root would map its
  ``nobody`` to root outside) and the runner becomes, by ``setpriv``, a real user of its own
  (``traces.Users``: no account, no other process): root's files stay unreadable, RLIMIT_NPROC
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
whole sandbox (not by Ctrl-C, which a kernel can ignore), and a bound on the output kept. The runner inside the sandbox is ``sandbox_worker.py`` run as a
script (``python -I sandbox_worker.py worker``): it needs nothing but the standard library and ``jupyter_client``, streams each cell's outputs
to the grader as the cell finishes, and makes itself undumpable so that the student's kernel cannot read
its file descriptors. Each message is signed (HMAC-SHA256) with a key of the run that the runner reads
from its stdin before the kernel starts, and numbered; the grader ignores any other line and keeps only
the first message of each cell, so a kernel that reaches the channel (bwrap's copy of it) forges nothing.
After the time limit, the later cells share ``sandbox_worker.AFTER_BUDGET`` seconds, then none runs; the sandbox is
killed a constant ``AFTER_LIMIT`` past the limit whatever the number of cells.

The package's ``teaching/`` folder is shown as ``graded_package.folder()``: no module that computes an expected
answer exists inside. bubblewrap itself (PID 1 inside, which an unprivileged grader's student can inspect)
gets only ``BWRAP_ENVIRONMENT``. What remains visible of it (adv18b m1): ``/proc/1/cmdline``, the bwrap
command line (the clone's path, and the folders masked inside shown folders), and its pipes to the grader,
``/proc/1/fd/0`` and ``1``: a line written there is unsigned and ignored, and reading from them can only lose
the notebook's own messages (that notebook is then reported as stopped early); the runner reads the key
before the kernel starts, so nothing left in the pipe holds it.

Answers are judged elsewhere: ``judge.Verdicts`` judges them in a separate process (``python -I -c ...``) with a time and memory bound
per answer: an answer that would compute for ever or exhaust memory costs only its own exercise.

This module starts one sandbox and cleans up after it; how a sandbox is made (its user, the bubblewrap
command line, the kernel's environment) is ``sandbox_setup``, the talk with its runner ``sandbox_talk``, and
the processes running now (killed when grading is interrupted) ``live_processes``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from energycoop.teaching.containment import (
    Cgroup,
    Limits,
    Orphans,
    _end_namespace,
    _sandbox_init,
    _undumpable,
    memory_text,
)
from energycoop.teaching.live_processes import Live, close_pipes, kill
from energycoop.teaching.sandbox_setup import (
    BWRAP_ENVIRONMENT,
    SCRATCH,
    WORKER,
    _drop,
    _sandbox_user,
    bwrap,
    bwrap_command,
    kernel_environment,
    nobody_can_run_python,
)
from energycoop.teaching.sandbox_talk import AFTER_LIMIT, Execution, _talk
from energycoop.teaching.sandbox_worker import INTERRUPT_GRACE, SETUP_LIMIT
from energycoop.teaching.traces import Users, kill_user, remove_files_of, remove_ipc_of, scratch_folder

_NOBODY_PYTHON: list = []


def _nobody_python() -> bool:
    if not _NOBODY_PYTHON:
        with Live.lock:  # the probe's process is not taken for an orphan
            _NOBODY_PYTHON.append(nobody_can_run_python())
    return _NOBODY_PYTHON[0]


@dataclass
class _Sandbox:
    """One notebook's sandbox: how its first process starts (``command``, ``env``, ``cwd``), its scratch
    folder (unconfined), bubblewrap's info pipe (confined: where it writes its init's PID), its memory group,
    the user of its own it runs as (as root) and its orphan hunt (unconfined)."""

    command: list[str]
    env: dict[str, str]
    cwd: str
    scratch_dir: str | None = None
    info_read: int | None = None
    info_write: int | None = None
    group: Cgroup | None = None
    own: int | None = None
    token: int | None = None


def _confined(time_limit: float, hide: list[Path], user: tuple[int, int] | None) -> _Sandbox:
    """A sandbox made by bubblewrap (bwrap, PID 1 inside, shows its own environment; the kernel gets
    ``kernel_environment``)."""
    env = {**kernel_environment(SCRATCH), "ENERGYCOOP_SANDBOXED": "1"}
    info_read, info_write = os.pipe()
    os.set_inheritable(info_write, True)
    command = bwrap_command(
        [sys.executable, "-I", str(WORKER), "worker", str(time_limit)], hide, env, user, info_write
    )
    return _Sandbox(command, BWRAP_ENVIRONMENT, "/", info_read=info_read, info_write=info_write)


def _unconfined(time_limit: float, user: tuple[int, int] | None) -> _Sandbox:
    """A sandbox without bubblewrap: a scratch folder as home and working directory, a minimal environment."""
    if not user:  # the notebook runs as the grader's own user: no ptrace of the grader, no /proc/PID/mem
        _undumpable()
    scratch_dir = scratch_folder()
    if user:
        os.chown(scratch_dir, *user)
    env = {**kernel_environment(scratch_dir), "ENERGYCOOP_SANDBOXED": "1"}
    command = _drop([sys.executable, "-I", str(WORKER), "worker", str(time_limit)], user)
    return _Sandbox(command, env, scratch_dir, scratch_dir=scratch_dir)


def run_notebook(
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
    if not result.confined and not _nobody_python():
        result.failure = (
            "not run: the grader runs as root without bubblewrap, student code never runs as "
            f"root, and the sandbox's user (nobody) cannot start this Python ({sys.executable}); "
            "install bubblewrap (apt-get install bubblewrap) or grade as an ordinary user"
        )
        return result
    own = Users.take() if _sandbox_user() else None  # as root: a user of its own (else nobody)
    user = (own, own) if own is not None else _sandbox_user()
    sandbox = _confined(time_limit, hide, user) if result.confined else _unconfined(time_limit, user)
    sandbox.own = own
    # RLIMIT_NPROC counts every process of the real user, so the limit is on top of those already running
    # (the grader's own user; none for a user of its own)
    uid = (user or (os.getuid(),))[0]
    limits = Limits(
        limits.memory,
        limits.processes,
        limits.file_size,
        int(setup_limit + time_limit + 60 + INTERRUPT_GRACE + AFTER_LIMIT),
    )
    sandbox.group = Cgroup.make(limits.memory)  # all the sandbox's processes together (where one can be made)
    sandbox.command = limits.wrap(sandbox.command, uid, sandbox.group.procs if sandbox.group else None)
    info_read = sandbox.info_read  # confined: where bubblewrap writes its init's PID
    process = _start(sandbox, result)
    if process is None:
        return result
    try:
        _talk(
            process,
            notebook_json,
            time_limit,
            setup_limit,
            result,
            secrets.token_hex(32),
            (lambda: _sandbox_init(info_read)) if info_read is not None else None,  # confined
            None if sandbox.group else limits.memory,
        )
    finally:
        _end(process, sandbox, result, limits.memory)
        result.seconds = time.monotonic() - start
    return result


def _start(sandbox: _Sandbox, result: Execution) -> subprocess.Popen | None:
    """The sandbox's first process, started; None (all cleaned up, ``result`` saying why) if grading was
    interrupted or the sandbox could not start."""
    try:
        if Live.stopping.is_set():
            result.interrupted, result.failure = True, "grading was interrupted before this notebook ran"
            if sandbox.info_read is not None:
                os.close(sandbox.info_read)
            _clean_up(sandbox.group, sandbox.token, sandbox.scratch_dir)
            if sandbox.own is not None:
                Users.give_back(sandbox.own)
            return None
        if sandbox.group:
            with Live.lock:
                Live.groups.add(sandbox.group)
        if not result.confined:
            sandbox.token = Orphans.begin()  # the grader is a subreaper: a detached child comes back to it
        return Live.spawn(
            sandbox.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=sandbox.cwd,
            env=sandbox.env,
            start_new_session=True,
            close_fds=True,
            pass_fds=(sandbox.info_write,) if sandbox.info_write is not None else (),
        )
    except OSError as exc:
        result.failure = f"the sandbox could not start: {exc}"
        if sandbox.info_read is not None:
            os.close(sandbox.info_read)
        _clean_up(sandbox.group, sandbox.token, sandbox.scratch_dir, sandbox.own)
        if sandbox.own is not None:
            Users.give_back(sandbox.own)
        return None
    finally:
        if sandbox.info_write is not None:
            os.close(sandbox.info_write)


def _end(process: subprocess.Popen, sandbox: _Sandbox, result: Execution, memory: int) -> None:
    """Kill the sandbox and every process left of it, close its pipes, and say if its memory group ran out
    of ``memory``."""
    init = result.init
    kill(process)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    close_pipes(process)
    if sandbox.info_read is not None:  # confined
        _end_namespace(init)
        os.close(sandbox.info_read)
    Live.forget(process)
    if sandbox.group and sandbox.group.oom_killed() and not result.interrupted:  # the cgroup's own count
        result.out_of_memory = True
        result.failure = (
            f"the notebook ran out of its memory limit of {memory_text(memory)} (all its "
            "processes together), so it was stopped"
        )
    if sandbox.own is not None:
        kill_user(sandbox.own)  # every process of its own user, whatever group, session or parent it has now
    _clean_up(sandbox.group, sandbox.token, sandbox.scratch_dir, sandbox.own if not result.confined else None)
    if sandbox.own is not None:
        Users.give_back(sandbox.own)


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
