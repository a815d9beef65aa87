"""How a sandbox is made (``sandbox.run_notebook`` runs one): the real unprivileged user student code runs as,
whether bubblewrap can build a sandbox here, the bubblewrap command line (what a sandbox shows, read-only,
and what it hides), the kernel's few environment variables, and what the gradebook says where no memory
cgroup can be made."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from energycoop.teaching import graded_package, sandbox_worker
from energycoop.teaching.containment import MEMORY, PROCESSES, Cgroup, memory_text
from energycoop.teaching.sandbox_worker import PINT_SEED

WORKER = Path(sandbox_worker.__file__).resolve()  # run as a script inside the sandbox
SOURCE_ROOT = WORKER.parents[2]  # the directory holding the energycoop package (put on the kernel's path)

SCRATCH_SIZE = 512 * 1024**2  # the scratch tmpfs
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


def _links(paths: list[Path], shown: list[Path]) -> list[tuple[Path, Path]]:
    """(link, target) for each of ``paths`` that reaches a folder the sandbox shows through a symbolic link
    outside what it shows (a ``.venv`` that is a link to the environment): the sandbox makes the same link,
    so that the interpreter's own path (``sys.executable``) works inside it."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        for place in [*reversed(path.parents), path][1:]:  # from the top down, without "/"
            if not place.is_symlink():
                continue
            target = place.resolve()
            if (
                any(_inside(target, s) for s in shown)
                and not any(_inside(place, s) for s in shown)
                and (place, target) not in found
            ):
                found.append((place, target))
            break
    return found


def _link_args(shown: list[Path], made: set[Path]) -> list[str]:
    """bubblewrap's arguments that make, inside the sandbox, the links by which this Python is reached (a
    virtual environment whose ``.venv`` is a link: ``_links``), with the folders they stand in."""
    args: list[str] = []
    for link, target in _links([Path(sys.prefix), Path(sys.executable).parent], shown):
        for parent in reversed(link.parents):
            if parent != Path("/") and parent not in made and not any(_inside(parent, s) for s in shown):
                args += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        args += ["--symlink", str(target), str(link)]
    return args


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
    args += _link_args(shown, made)
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
    cache = Path(sys.prefix).resolve() / "var" / "cache" / "energycoop-pint"
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
