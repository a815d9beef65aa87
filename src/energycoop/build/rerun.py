"""Rerunning one notebook with other parameters, safely.

Everything that can be refused is refused before a kernel starts: a notebook that does
not exist, a parameter name the notebook does not take (the message lists the ones it
does), a value that does not parse as the parameter's declared type. The run writes
into its own directory (``runs/<notebook>-<hash of the parameters>/`` by default), with
``derived_dir`` and ``figures_dir`` pointed inside it, so nothing committed changes.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path

import pandas as pd
import papermill

from energycoop.build.execution import execute
from energycoop.data.derived import read_derived
from energycoop.data.paths import (
    DERIVED,
    NOTEBOOKS,
    RUNS,
    UnsafePath,
    check_output_dir,
    claim_output_dir,
    mark,
    numbered_notebooks,
)

COMMAND = "python -m energycoop rerun"
OUTPUT_PARAMETERS = ("derived_dir", "figures_dir")
LARGEST_INT = 2**53  # the largest whole number a float parameter check can still tell apart


class RerunError(ValueError):
    """A rerun request is refused; the message says why and what is allowed."""


def find_notebook(name: str | Path) -> Path:
    """``name`` as a path, or a notebook of the collection by file name or stem (``02-zhanatas-wind``)."""
    candidates = [Path(name), NOTEBOOKS / str(name), NOTEBOOKS / f"{name}.ipynb"]
    for path in candidates:
        try:
            if path.is_file() and path.suffix == ".ipynb":
                return path.resolve()
        except (OSError, ValueError):  # a name too long for the filesystem, a NUL character
            continue
    shown = str(name) if len(str(name)) <= 80 else f"{str(name)[:40]}... ({len(str(name))} characters)"
    available = ", ".join(p.stem for p in numbered_notebooks(NOTEBOOKS))
    raise RerunError(f"no notebook {shown!r}; the collection's notebooks are {available}")


def declared(notebook: Path) -> dict[str, dict]:
    """The notebook's parameters as papermill reads them: name -> type, default, help. ``RerunError``
    for a file that is not a readable notebook (truncated, not UTF-8, not JSON)."""
    from energycoop.data.notebook_file import Unreadable, read_notebook

    try:
        with open(notebook, "rb") as handle:
            read_notebook(handle.read(), validate=False)
    except OSError as exc:
        raise RerunError(f"{notebook} cannot be read ({type(exc).__name__}: {exc.strerror or exc})") from None
    except Unreadable as exc:
        raise RerunError(
            f"{notebook} is not a readable notebook: {exc}; restore it from git or a fresh copy"
        ) from None
    try:
        inspected = papermill.inspect_notebook(str(notebook))
    except Exception as exc:  # papermill raises many kinds for a notebook it cannot read
        raise RerunError(
            f"{notebook} is not a readable notebook ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0][:120] if str(exc) else ''})"
        ) from None
    return {
        name: {"type": spec["inferred_type_name"], "default": spec["default"], "help": spec["help"]}
        for name, spec in inspected.items()
    }


def describe(notebook: Path) -> str:
    """The parameter list, one line each: name, type, default, help."""
    lines = [f"Parameters of {notebook.name}:"]
    for name, spec in declared(notebook).items():
        lines.append(f"  {name}: {spec['type']} = {spec['default']}  # {spec['help']}")
    return "\n".join(lines)


def parse_value(name: str, text: str, type_name: str):
    """``text`` as the declared type (int, float, bool, str); ``RerunError`` if it does not parse."""
    if type_name == "int":
        try:
            if not re.fullmatch(r"[-+]?[0-9]+", text):
                raise ValueError
            value = int(text)
        except ValueError:
            raise RerunError(f"parameter {name} takes an int; {text!r} is not a whole number") from None
        if abs(value) > LARGEST_INT:
            raise RerunError(
                f"parameter {name} takes an int of at most {LARGEST_INT:,} in size; "
                f"{text[:20]!r}... ({len(text)} digits) is too large"
            )
        return value
    if type_name == "float":
        try:
            if not re.fullmatch(
                r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?(nan|inf|infinity)",
                text,
                re.IGNORECASE,
            ):
                raise ValueError
            number = float(text)
        except ValueError:
            raise RerunError(f"parameter {name} takes a float; {text!r} is not a number") from None
        if not math.isfinite(number):
            raise RerunError(f"parameter {name} takes a finite float; got {text!r}")
        return number
    if type_name == "bool":
        lowered = text.strip().lower()
        if lowered not in ("true", "false"):
            raise RerunError(f"parameter {name} takes a bool; {text!r} is not true or false")
        return lowered == "true"
    return text


def parse_parameters(notebook: Path, pairs: list[tuple[str, str]]) -> dict:
    """Check every ``(name, value)`` against the notebook's declared parameters and parse it."""
    spec = declared(notebook)
    parsed = {}
    for name, text in pairs:
        if name not in spec:
            raise RerunError(f"{notebook.name} has no parameter {name!r}.\n{describe(notebook)}")
        if name in parsed:
            raise RerunError(f"parameter {name} is given twice")
        parsed[name] = parse_value(name, text, spec[name]["type"])
    return parsed


def run_directory(notebook: Path, parameters: dict) -> Path:
    """``runs/<notebook>-<first 8 hex digits of the parameters' hash>``."""
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()[:8]
    return RUNS / f"{notebook.stem}-{digest}"


def output_paths(notebook: Path, parameters: dict, out: Path | str | None = None) -> tuple[Path, dict]:
    """The checked run directory and the full parameters with every output directory resolved in it.

    ``out`` defaults to ``run_directory``; output parameters the user gave resolve relative to
    it. Raises ``RerunError`` for any directory that is not safe to write (nothing is created).
    """
    spec = declared(notebook)
    try:
        out = claim_output_dir(
            out if out is not None else run_directory(notebook, parameters),
            COMMAND,
            "the run directory (--out)",
        )
        full = dict(parameters)
        for name in OUTPUT_PARAMETERS:
            if name not in spec:
                continue
            if name in full:
                resolved = check_output_dir(full[name], f"parameter {name}", base=out)
                if resolved != out and out not in resolved.parents:
                    raise UnsafePath(
                        f"parameter {name} {str(full[name])[:80]!r} leads out of the run directory {out}; "
                        "give a directory inside it (a relative path such as myfigs), or choose the "
                        "run directory with --out"
                    )
                full[name] = str(resolved)
            else:
                full[name] = str(out / name.removesuffix("_dir"))
    except UnsafePath as exc:
        raise RerunError(str(exc)) from None
    return out, full


def _remove_if_only_marker(out: Path) -> None:
    """Remove a run directory this run made if a failure left nothing in it but empty folders and the marker."""
    from energycoop.data.paths import MARKER

    entries = list(out.rglob("*"))
    if any((p.is_file() and p != out / MARKER) or p.is_symlink() for p in entries):
        return
    for folder in sorted((p for p in entries if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        folder.rmdir()
    (out / MARKER).unlink(missing_ok=True)
    out.rmdir()


def rerun(notebook: Path, parameters: dict, out: Path | None = None) -> tuple[Path, pd.DataFrame | None]:
    """Execute ``notebook`` with ``parameters`` into ``out``; return the directory and a comparison
    of its derived table with the committed one (None if the notebook writes no standard table)."""
    out, full = output_paths(notebook, parameters, out)
    made = not out.exists()
    mark(out, COMMAND)
    try:
        execute(notebook, out / notebook.name, parameters=full, cwd=notebook.parent)
    except BaseException:
        if made:
            _remove_if_only_marker(out)
        raise
    derived_dir = Path(full.get("derived_dir", out))
    try:
        new = read_derived(derived_dir, notebook.stem)
        old = read_derived(DERIVED, notebook.stem)
    except (FileNotFoundError, ValueError):
        return out, None
    comparison = pd.DataFrame({"default": old["value"], "this run": new["value"], "unit": new["unit"]})
    comparison["change %"] = 100 * (comparison["this run"] / comparison["default"] - 1)
    return out, comparison
