"""What a spreadsheet and a student are given: every cell safe to open in a spreadsheet (``safe_text``), a
wide sheet with a row per student (``wide``) and a feedback file per student to hand back
(``feedback_text``), without the teacher's own flags."""

from __future__ import annotations

from pathlib import Path

from energycoop.teaching.catalogue import EXERCISES, SETS, number_of
from energycoop.teaching.printed import render
from energycoop.teaching.submissions import file_stem, no_surrogates

PROBLEMS = ("broken", "skipped", "flagged", "interrupted", "warning")


def safe_text(text) -> str:
    """A value as a gradebook cell: printable (odd bytes of a file name as escapes) and never read by a
    spreadsheet as a formula (a leading = + - @, tab or carriage return gets a ')."""
    if isinstance(text, bool) or text is None:
        return "" if text is None else str(text)
    if isinstance(text, (int, float)):
        return str(text)
    text = no_surrogates(text)
    text = "".join(
        c if c in "\n\t" or c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )
    if text[:1] in ("=", "+", "-", "@", "\t", "\r", "|", "%"):
        text = "'" + text
    return text


NO_SUBMISSION = "no submission from this student on the roster"
# Rows for the teacher only, never copied into a student's feedback file (a student's own file problems are).
TEACHER_ONLY = ("flagged", "warning", "interrupted")
TEACHER_ONLY_BROKEN = ("tampered seed", "the grader", "the file changed", "not matched to a student")


def points_of(value) -> float | None:
    """A points cell as a number (the grader writes whole numbers; a teacher may write 1.5 or 1,5), or None
    if empty."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value or "").strip().replace(",", ".")
    if not text:
        return None
    if not text.isascii() or "_" in text:  # float() would take "٢", "２" and "1_0"
        raise ValueError(f"{text!r} is not a number in the digits 0-9")
    number = float(text)
    return int(number) if number.is_integer() else number


def _shown_points(value: float) -> str:
    return f"{value:g}"


def _counted(row: dict) -> tuple[float, float] | None:
    """(points, out of) a graded exercise row counts, or None while it is still to mark."""
    points = points_of(row["points"])
    if row["result"] == "to mark" and points is None:
        return None
    return points or 0, points_of(row["max_points"]) or 0


def expected_sets(rows: list[dict]) -> list[str]:
    """The notebooks the class was to hand in: every exercise set that any student's graded rows name."""
    found = {r["set"] for r in rows if r["key"] and r["set"] in SETS}
    return [name for name in SETS if name in found]


def _set_points(set_name: str) -> int:
    """The points of a notebook: every exercise's, open ones included (one denominator for the set, whatever
    happened to a notebook of it)."""
    return sum(EXERCISES[k].points for k in SETS[set_name])


def provisional(to_mark: int) -> str:
    """What a total is while open answers wait for the teacher: "provisional" and how many, or "final"."""
    if not to_mark:
        return "final"
    return f"provisional: {to_mark} open answer{'s' if to_mark > 1 else ''} still to mark"


def wide(rows: list[dict]) -> tuple[list[str], list[dict]]:
    """One row per student (never one for a file that matched no student), a column per exercise (points, or
    "to mark"), the total, the points possible, the percentage over **every notebook the class was to hand
    in** (``expected_sets``: a notebook not handed in counts its auto-marked points as 0), the notebooks
    missing, the answers still to mark and the number of problem rows. An open answer counts once the teacher
    has entered its points (``rescore``)."""
    keys = [k for k in EXERCISES if any(r["key"] == k for r in rows)]
    names = {k: f"{number_of(k)}. {k}" for k in keys}
    columns = [
        "student",
        "files",
        *names.values(),
        "total",
        "out_of",
        "percent",
        "missing",
        "to_mark",
        "status",
        "problems",
    ]
    sets = expected_sets(rows)
    table: dict[str, dict] = {}
    for row in rows:
        if not row["student"]:
            continue
        entry = table.setdefault(
            row["student"],
            {
                "student": row["student"],
                "files": [],
                "total": 0,
                "out_of": 0,
                "to_mark": 0,
                "problems": 0,
                "sets": set(),
            },
        )
        if row["file"] and row["file"] not in entry["files"]:
            entry["files"].append(row["file"])
        if row["result"] in PROBLEMS:
            entry["problems"] += 1
            continue
        if not row["key"]:
            continue
        entry["sets"].add(row["set"])
        counted = _counted(row)
        if counted is None:
            entry[names[row["key"]]] = "to mark"
            entry["to_mark"] += 1
            entry["out_of"] += points_of(row["max_points"]) or 0  # one denominator: counted, as 0 for now
            continue
        entry[names[row["key"]]] = _shown_points(counted[0])
        entry["total"] += counted[0]
        entry["out_of"] += counted[1]
    out = []
    for entry in table.values():
        handed = entry.pop("sets")
        missing = [name for name in sets if name not in handed]
        entry["out_of"] += sum(_set_points(name) for name in missing)
        entry["missing"] = "; ".join(missing)
        entry["files"] = "; ".join(sorted(entry["files"]))
        entry["percent"] = f"{100 * entry['total'] / entry['out_of']:.1f}" if entry["out_of"] else ""
        entry["status"] = provisional(entry["to_mark"])
        entry["total"], entry["out_of"] = _shown_points(entry["total"]), _shown_points(entry["out_of"])
        out.append(entry)
    return columns, sorted(out, key=lambda e: e["student"].casefold())


def _for_student(row: dict) -> bool:
    if row["result"] in TEACHER_ONLY:
        return False
    return not str(row["feedback"]).startswith(TEACHER_ONLY_BROKEN)


def feedback_text(student: str, rows: list[dict], sets: list[str] | None = None) -> str:
    """A student's feedback, to hand back: each exercise by its number and title, the result and points, their
    answer in full and why; the total over the notebooks the class was to hand in, and those missing. Never
    the teacher's own notes (flags, tampering, a file that matched no student)."""
    lines = [f"# Feedback for {safe_text(student)}", ""]
    graded = sorted(
        (r for r in rows if r["key"]), key=lambda r: number_of(r["key"])
    )  # in the exercises' order
    sets = expected_sets(rows) if sets is None else sets
    handed = {r["set"] for r in graded}
    if not graded:
        lines += [
            (
                "No notebook of yours was graded: none was found among the submissions, or it could not be "
                "graded. If you handed one in, tell your teacher."
            ),
            "",
        ]
    total = out_of = 0.0
    waiting = 0
    for row in graded:
        exercise = EXERCISES[row["key"]]
        title = render(exercise.title, int(row["seed"]) if str(row["seed"]).isdigit() else 0)
        counted = _counted(row)
        result = row["result"]
        if counted is None:
            waiting += 1
            out_of += points_of(row["max_points"]) or 0
            points = f"up to {row['max_points']} points"
        elif result == "to mark":
            result = "marked by your teacher"
            total, out_of = total + counted[0], out_of + counted[1]
            points = f"{_shown_points(counted[0])}/{_shown_points(counted[1])} points"
        else:
            total, out_of = total + counted[0], out_of + counted[1]
            points = f"{_shown_points(counted[0])}/{_shown_points(counted[1])} points"
        lines += [
            f"## Exercise {row['exercise']}: {title} ({result}, {points})",
            "",
            f"Your answer: {row['answer'] or '(none)'}",
            "",
            str(row["feedback"]),
            "",
        ]
    missing = [name for name in sets if name not in handed]
    out_of += sum(_set_points(name) for name in missing)
    if graded or missing:
        summary = f"**Total: {_shown_points(total)} of {_shown_points(out_of)} points**"
        if out_of:
            summary += f" ({100 * total / out_of:.1f} %)"
        if waiting:
            summary += (
                f". This total is provisional: {waiting} open answer{'s are' if waiting > 1 else ' is'} still to "
                "be marked by your teacher, and counted as 0 until then"
            )
        lines += [summary + ".", ""]
    if missing:
        lines += [
            "Not handed in (or not graded), so counted as 0 points: "
            + ", ".join(f"{name}.ipynb" for name in missing)
            + ".",
            "",
        ]
    problems = [r for r in rows if r["result"] in PROBLEMS and _for_student(r)]
    if problems:
        lines += ["## Problems", ""] + [f"- {r['file']}: {r['feedback']}" for r in problems] + [""]
    return "\n".join(lines)


def write_feedback(folder: Path, rows: list[dict]) -> None:
    folder.mkdir()  # exclusive: a folder that appeared meanwhile is not written into
    sets = expected_sets(rows)
    by_student: dict[str, list[dict]] = {}
    for row in rows:
        if row["student"]:
            by_student.setdefault(row["student"], []).append(row)
    for student, mine in by_student.items():
        with open(folder / f"{file_stem(student)}.md", "x", encoding="utf-8", errors="replace") as handle:
            try:
                text = feedback_text(student, mine, sets)
            except Exception as exc:  # one student's file never costs the others theirs
                text = f"# Feedback for {safe_text(student)}\n\nThis feedback could not be written ({type(exc).__name__}); ask your teacher.\n"
            handle.write(no_surrogates(text))
