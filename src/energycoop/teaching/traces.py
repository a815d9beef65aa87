"""What a sandbox leaves behind, and who it runs as: as root, each sandbox runs as a user of its own
(``Users``), so that what that user left unconfined where anyone may write (``remove_files_of``) and its
System V shared memory, queues and semaphores (``remove_ipc_of``) are known to be its own and removed;
the scratch folders of the unconfined sandboxes are named after their grader (``scratch_folder``), so
that the next grader removes those of one killed with -9.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import typing
from pathlib import Path

from energycoop.teaching.containment import PREFIX, Orphans, _start_ticks

USERS = range(0x7FFE0000, 0x7FFE0000 + 65536)  # user ids with no account, one per running sandbox


def _uids_running() -> set[int]:
    uids = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                uids.add(os.stat(f"/proc/{entry.name}").st_uid)
            except OSError:
                continue
    return uids


def _mapped(name: str) -> bool:
    """Whether every id of ``USERS`` is mapped in this process's user namespace (``/proc/self/uid_map``)."""
    try:
        lines = Path(f"/proc/self/{name}").read_text().splitlines()
    except OSError:
        return False
    for line in lines:
        try:
            inside, _, count = (int(x) for x in line.split())
        except ValueError:
            continue
        if inside <= USERS.start and USERS.stop <= inside + count:
            return True
    return False


class Users:
    """As root, each sandbox runs as a user of its own (no account, no other process, files of no one
    else's): a student's ``kill(-1)`` reaches only its own processes, its scratch folder and its kernel's
    connection file are no other sandbox's to read, RLIMIT_NPROC counts its processes alone, and what it
    left in ``/tmp`` unconfined is known to be its own (``remove_files_of``)."""

    taken: typing.ClassVar[set[int]] = set()

    @classmethod
    def take(cls) -> int | None:
        """A user id of its own for one sandbox, or None (then ``nobody``) where there is none: in a user
        namespace that does not map that range (a rootless container), setpriv could not become it."""
        import pwd

        if not (_mapped("uid_map") and _mapped("gid_map")):
            return None
        with Orphans.lock:
            busy = _uids_running() | cls.taken
            start = secrets.randbelow(len(USERS))
            for step in range(len(USERS)):
                uid = USERS[(start + step) % len(USERS)]
                if uid in busy:
                    continue
                try:
                    pwd.getpwuid(uid)
                    continue  # an account after all
                except KeyError:
                    cls.taken.add(uid)
                    return uid
        return None

    @classmethod
    def give_back(cls, uid: int) -> None:
        with Orphans.lock:
            cls.taken.discard(uid)


PLACES = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/run/shm", "/dev/mqueue")  # where any user may write


def remove_files_of(uid: int, places=PLACES, most: int = 100_000) -> int:
    """Remove what user ``uid`` (a sandbox's own, its processes all gone) left where anyone may write: its
    files and folders, and nothing of anyone else's (only folders anyone may write in, or its own, are
    searched; links are not followed). How many entries were removed."""
    if uid not in USERS:
        return 0
    removed, seen, own_folders = 0, 0, []
    for place in places:
        for top, folders, files in os.walk(place, topdown=True):
            seen += len(folders) + len(files)
            if seen > most:
                break
            kept = []
            for name in folders:
                path = os.path.join(top, name)
                try:
                    info = os.lstat(path)
                except OSError:
                    continue
                if stat.S_ISDIR(info.st_mode) and (info.st_uid == uid or info.st_mode & 0o002):
                    kept.append(name)
                    if info.st_uid == uid:
                        own_folders.append(path)
                elif info.st_uid == uid:  # a link it made
                    files.append(name)
            folders[:] = kept
            for name in files:
                path = os.path.join(top, name)
                try:
                    if os.lstat(path).st_uid == uid:
                        os.unlink(path)
                        removed += 1
                except OSError:
                    continue
    for path in sorted(own_folders, key=len, reverse=True):  # its folders, emptied, the deepest first
        try:
            os.rmdir(path)
            removed += 1
        except OSError:
            continue
    return removed


def remove_ipc_of(uid: int) -> int:
    """Remove the System V shared memory segments, message queues and semaphore sets user ``uid`` (a
    sandbox's own) made: they outlive its processes (64 MB each, unconfined, in the second pass). How many."""
    if uid not in USERS:
        return 0
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    removed = 0
    for kind, column, remove in (
        ("shm", "uid", lambda i: libc.shmctl(i, 0, None)),  # IPC_RMID
        ("msg", "uid", lambda i: libc.msgctl(i, 0, None)),
        ("sem", "uid", lambda i: libc.semctl(i, 0, 0)),
    ):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        if not lines:
            continue
        header = lines[0].split()
        for line in lines[1:]:
            fields = line.split()
            try:
                row = dict(zip(header, fields, strict=False))
                if int(row[column]) == uid or int(row.get("cuid", -1)) == uid:
                    removed += remove(int(fields[1])) == 0
            except (ValueError, KeyError, IndexError):
                continue
    return removed


_SWEPT: list = []


def scratch_folder() -> str:
    """A new scratch folder for an unconfined sandbox, named after this grader (PID and start time), so
    that the next grader removes those of a grader killed with -9 (they piled up, issue 18 item 16)."""
    import tempfile

    if not _SWEPT:
        _SWEPT.append(True)
        for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*-*-*"):
            pid, _, rest = folder.name[len(PREFIX) :].partition("-")
            ticks = rest.partition("-")[0]
            if (
                pid.isdigit()
                and ticks.isdigit()
                and str(_start_ticks(int(pid))) != ticks
                and not folder.is_symlink()
                and folder.is_dir()
                and (os.lstat(folder).st_uid == os.getuid() or os.lstat(folder).st_uid in USERS)
            ):
                shutil.rmtree(folder, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-{_start_ticks(os.getpid())}-")


def kill_user(uid: int, seconds: float = 10.0) -> int:
    """Kill every process of user ``uid`` (a sandbox's own: only its processes run as it), by their real
    user id (``/proc/PID/status``: a process that makes itself undumpable hides from ``stat``); round after
    round until none is left. How many were killed."""
    import signal
    import time

    if uid not in USERS:
        return 0
    killed = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = []
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as handle:
                    line = next((line for line in handle if line.startswith("Uid:")), "")
                state = (
                    Path(f"/proc/{entry.name}/stat").read_text(errors="replace").rsplit(")", 1)[1].split()[0]
                )
            except (OSError, IndexError):
                continue
            if line.split()[1:2] == [str(uid)] and state != "Z":
                found.append(int(entry.name))
        if not found:
            break
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        time.sleep(0.02)
    return killed
