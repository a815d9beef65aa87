"""The memory a sandbox's processes hold together, read from ``/proc``. Where no memory cgroup can be made
(a grader that is not root), each process is held by RLIMIT_AS alone, so a notebook that starts many could
fill the machine: the grader adds up what they hold while the notebook runs, and stops it past its limit."""

from __future__ import annotations

import os
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _processes() -> dict[int, tuple[int, int]]:
    """Every process this user may read: its parent and its session, by PID."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue  # gone, or not ours to read
        fields = stat[stat.rindex(")") + 2 :].split()  # state, ppid, pgrp, session, ...
        found[int(entry.name)] = (int(fields[1]), int(fields[3]))
    return found


def _held(pid: int) -> int:
    """Bytes ``pid`` holds: its proportional share (pages shared after a fork counted once in all), else its
    resident set."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def tree_memory(root: int) -> int:
    """Bytes held by ``root``, all its descendants and every process of the session it leads (a child that
    left the tree by a double fork stays in the session unless it made its own; inside bubblewrap's PID
    namespace an orphan goes to the namespace's first process, still under ``root``)."""
    processes = _processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    todo = [root, *(pid for pid, (_, session) in processes.items() if session == root)]
    seen: set[int] = set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in processes:
            continue
        seen.add(pid)
        todo.extend(children.get(pid, ()))
    return sum(_held(pid) for pid in seen)
