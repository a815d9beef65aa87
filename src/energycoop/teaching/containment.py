"""Holding every process of a sandbox, so that none outlives it, and bounding their memory together.

Two mechanisms, used together where both exist:

- ``Cgroup``: a memory control group of the sandbox's own (cgroup v1's ``memory`` controller, or cgroup
  v2 with ``memory`` delegated), made under the grader's own group. The sandbox's first process joins it
  before anything else runs (the exec wrapper of ``Limits.wrap``), so every process the notebook
  starts is in it, whatever session or process group it makes: they share one memory limit (memory and
  swap), a kill from the memory limit is seen (``oom_killed``), and at the end every process in it is
  killed (``kill_all``). Where no such group can be made (no controller, not writable, CI), ``Cgroup.make``
  returns None and the other mechanism does the work alone.
- ``Orphans``: the grader is a child subreaper (``PR_SET_CHILD_SUBREAPER``) while a sandbox runs without
  bubblewrap, so a child the notebook detached (a new session, a double fork) comes back to the grader
  when its parent dies, instead of to init. ``Orphans.reap`` kills every such process, with everything it
  started, round after round until none is left: a process that came back to the grader, that the grader
  did not start itself (``registered``) and that started after the earliest sandbox still running.

With bubblewrap, the sandbox's PID namespace kills every process in it when its init ends; the grader
kills that init (``bwrap --info-fd`` names it) and waits until it is gone (``_end_namespace``): the kernel
does not kill the others at once. The cgroup adds the shared memory limit.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import secrets
import signal
import sys
import threading
import time
import typing
from dataclasses import dataclass
from pathlib import Path

PREFIX = "energycoop-grade-"
MEMORY = (
    2 * 1024**3
)  # bytes: each process's address space (RLIMIT_AS), and all a sandbox's processes together
PROCESSES = 256  # processes and threads, beyond those the sandbox's user already runs (RLIMIT_NPROC)
FILE_SIZE = 256 * 1024**2  # largest file a notebook may write (RLIMIT_FSIZE)


# ------------------------------------------------------------------------------------------------
# Limits on each process (set by an exec wrapper)


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

    def wrap(self, command: list[str], uid: int | None, cgroup: str | None = None) -> list[str]:
        """``command`` run under these limits (set by a small exec wrapper: no ``preexec_fn`` in a grader
        that runs threads). ``uid``: count the processes that user runs already (None: none). ``cgroup``:
        the ``cgroup.procs`` file of the group the wrapper joins first (``containment.Cgroup``)."""
        processes = self.processes + (0 if uid is None else _threads_of(uid))
        hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
        processes = processes if hard == resource.RLIM_INFINITY else min(processes, hard)
        limits = {
            "RLIMIT_AS": self.memory,
            "RLIMIT_DATA": self.memory,
            "RLIMIT_FSIZE": self.file_size,
            "RLIMIT_CPU": self.cpu,
            "RLIMIT_CORE": 0,
            "RLIMIT_NPROC": processes,
        }
        return [sys.executable, "-I", "-S", "-c", _LIMITED, json.dumps(limits), cgroup or "", *command]


def memory_text(memory: int = MEMORY) -> str:
    """A memory limit as the gradebook says it ("2 GB")."""
    return f"{memory / 1024**3:.3g} GB" if memory >= 1024**3 else f"{memory / 1024**2:.3g} MB"


# Joins the cgroup whose cgroup.procs is argv[2] (if any: before anything else, so that every process of the
# sandbox is in it), sets the limits given as JSON in argv[1], then becomes the command in argv[3:].
_LIMITED = (
    "import json, os, resource, sys\n"
    "if sys.argv[2]:\n"
    "    try:\n"
    "        with open(sys.argv[2], 'w') as handle:\n"
    "            handle.write(str(os.getpid()))\n"
    "    except OSError:\n"
    "        pass\n"
    "for name, value in json.loads(sys.argv[1]).items():\n"
    "    hard = resource.getrlimit(getattr(resource, name))[1]\n"
    "    value = value if hard == resource.RLIM_INFINITY else min(value, hard)\n"
    "    resource.setrlimit(getattr(resource, name), (value, hard if name == 'RLIMIT_CPU' and hard != "
    "resource.RLIM_INFINITY else value + 5 if name == 'RLIMIT_CPU' else value))\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


# ------------------------------------------------------------------------------------------------
# A memory control group


def _own_group() -> tuple[str, Path] | None:
    """("v1" or "v2", the directory of this process's memory cgroup), or None."""
    try:
        lines = Path("/proc/self/cgroup").read_text(encoding="ascii", errors="replace").splitlines()
        mounts = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    groups = {}
    for line in lines:
        _, _, rest = line.partition(":")
        controllers, _, group = rest.partition(":")
        groups[controllers] = group
    for line in mounts:
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        root, point = fields[3], fields[4].replace("\\040", " ")
        fstype, _, options = line.split(" - ", 1)[1].partition(" ")
        flags = options.split()[-1].split(",") if options else []
        if fstype == "cgroup" and "memory" in flags:
            path = next((p for c, p in groups.items() if "memory" in c.split(",")), None)
            version = "v1"
        elif fstype == "cgroup2" and "" in groups:
            path, version = groups[""], "v2"
        else:
            continue
        if path is None or not (path == root or path.startswith(root.rstrip("/") + "/") or root == "/"):
            continue
        relative = path[len(root) :] if root != "/" else path
        folder = Path(point) / relative.lstrip("/")
        if version == "v2" and not (folder / "cgroup.subtree_control").exists():
            continue
        if version == "v2":
            try:
                if "memory" not in (folder / "cgroup.subtree_control").read_text().split():
                    continue
            except OSError:
                continue
        return version, folder
    return None


class Cgroup:
    """One sandbox's memory cgroup: ``procs`` is the file its first process writes its PID into."""

    _works: typing.ClassVar[list] = []  # whether a group can be made and joined here (probed once)

    def __init__(self, version: str, folder: Path, memory: int):
        self.version, self.folder, self.memory = version, folder, memory
        self.procs = str(folder / "cgroup.procs")

    @classmethod
    def make(cls, memory: int) -> Cgroup | None:
        """A new group limited to ``memory`` bytes (memory and swap together), or None where none can be made."""
        if os.environ.get("ENERGYCOOP_CGROUP") == "none":
            return None
        if not cls._works:
            with Orphans.lock:  # the probe's process is not taken for an orphan
                cls._works.append(cls._probe())
        if not cls._works[0]:
            return None
        return cls._create(memory)

    @classmethod
    def _create(cls, memory: int) -> Cgroup | None:
        own = _own_group()
        if own is None:
            return None
        version, parent = own
        _remove_stale(parent)
        folder = parent / f"{PREFIX}{os.getpid()}-{_start_ticks(os.getpid())}-{secrets.token_hex(4)}"
        try:
            folder.mkdir()
        except OSError:
            return None
        group = cls(version, folder, memory)
        try:
            if version == "v1":
                (folder / "memory.limit_in_bytes").write_text(str(memory))
                for name in ("memory.memsw.limit_in_bytes",):  # with swap accounting: no swapping past it
                    if (folder / name).exists():
                        with contextlib.suppress(OSError):
                            (folder / name).write_text(str(memory))
                with contextlib.suppress(OSError):
                    (folder / "memory.swappiness").write_text("0")
            else:
                (folder / "memory.max").write_text(str(memory))
                with contextlib.suppress(OSError):
                    (folder / "memory.swap.max").write_text("0")
        except OSError:
            group.remove()
            return None
        return group

    @classmethod
    def _probe(cls) -> bool:
        """Whether a group can be made here and a child process can join it."""
        import subprocess
        import sys

        group = cls._create(256 * 1024**2)
        if group is None:
            return False
        try:
            done = subprocess.run(
                [
                    sys.executable,
                    "-I",
                    "-S",
                    "-c",
                    JOIN + "print(open('/proc/self/cgroup').read())",
                    group.procs,
                ],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            return done.returncode == 0 and group.folder.name in done.stdout
        except (OSError, subprocess.SubprocessError):
            return False
        finally:
            group.remove()

    def pids(self) -> list[int]:
        try:
            return [int(p) for p in Path(self.procs).read_text().split()]
        except (OSError, ValueError):
            return []

    def oom_killed(self) -> bool:
        """Whether the memory limit was reached and a process of the group was killed for it."""
        name = "memory.oom_control" if self.version == "v1" else "memory.events"
        try:
            fields = dict(
                line.split() for line in (self.folder / name).read_text().splitlines() if " " in line
            )
        except (OSError, ValueError):
            return False
        if "oom_kill" in fields:
            return int(fields["oom_kill"]) > 0
        return int(fields.get("oom", "0")) > 0 or self._failed()

    def _failed(self) -> bool:
        try:
            return int((self.folder / "memory.failcnt").read_text()) > 0
        except (OSError, ValueError):
            return False

    def kill_all(self, seconds: float = 10.0) -> None:
        """Kill every process in the group (a fork bomb's new ones too, round after round)."""
        kill_file = self.folder / "cgroup.kill"
        if kill_file.exists():
            with contextlib.suppress(OSError):
                kill_file.write_text("1")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)

    def remove(self) -> None:
        """Kill what is left in the group and remove it (a group holding no process)."""
        self.kill_all()
        for _ in range(50):
            try:
                self.folder.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.05)


# The exec wrapper's first step: join the cgroup whose cgroup.procs is argv[1] (standard library only)
JOIN = "import os, sys\nwith open(sys.argv[1], 'w') as _h:\n    _h.write(str(os.getpid()))\n"


def _start_ticks(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks since boot), or None if there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return None


def _remove_stale(parent: Path) -> None:
    """Remove the groups of graders that are gone (killed with -9): their processes killed, the groups removed."""
    try:
        entries = list(parent.glob(PREFIX + "*"))
    except OSError:
        return
    for folder in entries:
        try:
            pid, ticks, _ = folder.name[len(PREFIX) :].split("-")
        except ValueError:
            continue
        if pid.isdigit() and str(_start_ticks(int(pid))) != ticks:
            Cgroup("v1", folder, 0).remove()


# ------------------------------------------------------------------------------------------------
# Orphans that come back to the grader


def _now_ticks() -> int:
    with open("/proc/uptime", encoding="ascii") as handle:
        return int(float(handle.read().split()[0]) * os.sysconf("SC_CLK_TCK"))


def _table() -> dict[int, tuple[int, int, str]]:
    """Every process: pid -> (parent pid, start time in ticks, state)."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            table[int(entry.name)] = (int(fields[1]), int(fields[19]), fields[0])
        except (OSError, ValueError, IndexError):
            continue
    return table


def _subreaper(on: bool) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1 if on else 0, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def _wait(pid: int, deadline: float) -> None:
    while True:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] or time.monotonic() > deadline:
                return
        except OSError:
            return
        time.sleep(0.01)


class Orphans:
    """The processes the grader started (``registered``, never killed here) and the sandboxes running
    unconfined now (while there is one, the grader is a child subreaper)."""

    lock = threading.RLock()
    registered: typing.ClassVar[set[int]] = set()
    running: typing.ClassVar[dict[int, int]] = {}  # a sandbox's id -> when it started, in ticks

    @classmethod
    def begin(cls) -> int:
        """A sandbox starts unconfined: the grader becomes a subreaper; returns the sandbox's id."""
        with cls.lock:
            _subreaper(True)
            token = secrets.randbits(48)
            cls.running[token] = _now_ticks() - 1
            return token

    @classmethod
    def end(cls, token: int) -> None:
        """A sandbox ended: its orphans (and any other sandbox's) are killed; the last one ends the subreaping."""
        with cls.lock:
            since = min(cls.running.values(), default=None)
            cls.reap(since)
            cls.running.pop(token, None)
            if not cls.running:
                _subreaper(False)

    @classmethod
    def reap(cls, since: int | None, seconds: float = 10.0) -> list[int]:
        """Kill every process that came back to the grader (its parent), was not started by the grader, and
        started at ``since`` (ticks) or later, with everything it started; until none is left. The killed."""
        if since is None:
            return []
        me = os.getpid()
        killed: list[int] = []
        deadline = time.monotonic() + seconds
        with cls.lock:
            while time.monotonic() < deadline:
                table = _table()
                roots = [
                    p
                    for p, (ppid, start, _) in table.items()
                    if ppid == me and p not in cls.registered and start >= since
                ]
                if not roots:
                    break
                family, frontier = set(roots), list(roots)
                while frontier:
                    parent = frontier.pop()
                    for pid, (ppid, _, _) in table.items():
                        if ppid == parent and pid not in family:
                            family.add(pid)
                            frontier.append(pid)
                for pid in family:
                    try:
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                    except OSError:
                        pass
                for pid in roots:  # children of ours now: reaped, so that no zombie is left
                    _wait(pid, deadline)
        return killed


# ------------------------------------------------------------------------------------------------
# A bubblewrap sandbox's PID namespace, and the grader's own memory


def _sandbox_init(fd: int) -> tuple[int, int] | None:
    """The PID (and start time) of the sandbox's first process, from bwrap's ``--info-fd``, read once the
    runner has spoken: bwrap wrote it before any of the notebook's code ran, so only the first object counts."""
    import select

    data = b""
    while select.select([fd], [], [], 0)[0] and len(data) < 65536:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    try:
        info, _ = json.JSONDecoder().raw_decode(data.decode("utf-8", "replace").lstrip())
        pid = int(info["child-pid"])
    except (ValueError, KeyError, TypeError):
        return None
    ticks = _start_ticks(pid)
    return (pid, ticks) if ticks is not None else None


def _end_namespace(init: tuple[int, int] | None, seconds: float = 10.0) -> None:
    """Kill the sandbox's PID namespace through its init, and wait until it is gone: the kernel kills every
    process of the namespace when its init ends, but not at once (a detached child was alive for a moment
    after the grader went on)."""
    if init is None:
        return
    pid, ticks = init
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _start_ticks(pid) != ticks:
            return  # gone (or another process now)
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
                if handle.read().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                    return  # its exit is over: every process of its namespace is gone
        except (OSError, IndexError):
            return
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)


def _undumpable() -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    except (OSError, AttributeError):
        pass
