"""Checks for notebook parameters.

Each notebook's second cell passes every parameter through one of these. A bad value
stops the notebook there, before anything is loaded or written, with a message that
names the parameter, repeats the value and says what is allowed.
"""

from __future__ import annotations

import math
import os
from numbers import Real
from pathlib import Path


class ParameterError(ValueError):
    """A notebook parameter is not allowed."""


def _fail(name: str, value, allowed: str):
    shown = repr(value)
    if len(shown) > 60:
        shown = f"{shown[:24]}... ({len(shown)} characters)"
    raise ParameterError(f"parameter {name} = {shown} is not allowed: {allowed}")


def _real(name: str, value, allowed: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        _fail(name, value, allowed + f" (got a {type(value).__name__})")
    try:
        value = float(value)
    except OverflowError:
        _fail(name, value, allowed + " (the number is too large)")
    if not math.isfinite(value):
        _fail(name, value, allowed)
    return value


def positive_number(name: str, value) -> float:
    """A finite number greater than zero."""
    allowed = "it must be a finite number greater than 0"
    number = _real(name, value, allowed)
    if number <= 0:
        _fail(name, value, allowed)
    return number


def positive_int(name: str, value, maximum: int | None = None) -> int:
    """A whole number greater than zero (``50`` or ``50.0``), at most ``maximum`` if given."""
    allowed = "it must be a whole number greater than 0" + (f" and at most {maximum:,}" if maximum else "")
    number = _real(name, value, allowed)
    if number <= 0 or number != int(number) or (maximum is not None and number > maximum):
        _fail(name, value, allowed)
    return int(number)


def at_most(name: str, value: int, maximum: int, what: str) -> int:
    """A size (``value``, worked out from other parameters) that must not exceed ``maximum``."""
    if value > maximum:
        raise ParameterError(f"{name} = {value:,} is not allowed: {what} must be at most {maximum:,}")
    return value


def number_between(name: str, value, low: float, high: float) -> float:
    """A finite number with ``low <= value <= high``."""
    allowed = f"it must be a number from {low:g} to {high:g}"
    number = _real(name, value, allowed)
    if not low <= number <= high:
        _fail(name, value, allowed)
    return number


def fraction(name: str, value) -> float:
    """A share strictly above 0 and at most 1 (a capacity factor, an efficiency)."""
    allowed = "it must be a fraction greater than 0 and at most 1"
    number = _real(name, value, allowed)
    if not 0 < number <= 1:
        _fail(name, value, allowed)
    return number


def growth_rate(name: str, value) -> float:
    """A year-on-year change in percent: above -100 (a fall of 100% leaves nothing)."""
    allowed = "it must be a percentage greater than -100"
    number = _real(name, value, allowed)
    if number <= -100:
        _fail(name, value, allowed)
    return number


def choice(name: str, value, options) -> str:
    """One of ``options``."""
    options = tuple(options)
    if value not in options:
        _fail(name, value, f"it must be one of {', '.join(repr(o) for o in options)}")
    return value


OUTPUT_REDIRECT = "ENERGYCOOP_OUTPUT_DIR"
_announced: set = set()  # the cell executions that have said where their outputs go (one line a cell)


def _cell() -> int | None:
    """The number of the cell being executed in this kernel (None outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebooks' stack
        return None
    shell = get_ipython()
    return getattr(shell, "execution_count", None)


def _default_directories() -> dict[str, Path]:
    """The parameters cells' default directory values and the committed directories they name.

    They are written relative to ``notebooks/`` (where JupyterLab and ``make run`` start a
    notebook's kernel) but mean those directories wherever the kernel starts: plain papermill
    started from the repository root resolves ``../data/derived`` to outside the checkout.
    """
    from energycoop.data.paths import DERIVED, FIGURES

    return {"../data/derived": DERIVED, "../figures": FIGURES}


def input_directory(name: str, value) -> str:
    """A non-empty path to read other notebooks' derived tables from (never redirected): the default
    ``../data/derived`` is the committed copy wherever the kernel starts; ``../runs/interactive/derived``
    holds the scratch copies of notebooks run by hand (``energycoop.data.derived.read_upstream`` says which
    copy it read)."""
    if not isinstance(value, str) or not value.strip():
        _fail(name, value, "it must be a non-empty path to a directory")
    from energycoop.data.paths import INTERACTIVE, NOTEBOOKS

    known = {**_default_directories(), "../runs/interactive/derived": INTERACTIVE / "derived"}
    if value in known:
        return str(known[value])
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else NOTEBOOKS / path)  # relative to notebooks/, like the defaults


def directory(name: str, value) -> str:
    """A path for outputs (created when the notebook writes to it), checked before anything is written.

    The defaults name the committed ``data/derived/`` and ``figures/``, which only ``make run``
    writes. A path inside them is sent below another directory instead, and nothing committed is
    ever written by a notebook's kernel:

    - below ``ENERGYCOOP_OUTPUT_DIR`` when that variable is set (``make run`` sets it to a staging
      directory and moves the outputs into place once the whole notebook has run; the tests set it
      to a temporary directory);
    - otherwise (Run All in any Jupyter, ``jupyter nbconvert --execute``, plain papermill) below the
      ignored scratch directory ``runs/interactive/``, saying so in one line of output.

    Any other path must be safe to write (``energycoop.data.paths.check_output_dir``): not a tracked
    path, the repository root, ``/``, the home directory or a file.
    """
    from energycoop.data.paths import (
        DERIVED,
        FIGURES,
        INTERACTIVE,
        NOTEBOOKS,
        ROOT,
        UnsafePath,
        check_output_dir,
        claim_output_dir,
        mark,
        resolve_path,
    )

    if not isinstance(value, str) or not value.strip():
        _fail(name, value, "it must be a non-empty path to a directory")
    try:  # relative to notebooks/, like the defaults, wherever the kernel starts (papermill: where it is run)
        resolved = _default_directories().get(value) or resolve_path(value, NOTEBOOKS)
    except UnsafePath as exc:
        _fail(name, value, f"it must be a path that can be resolved ({exc})")
    value = str(resolved)
    redirect = os.environ.get(OUTPUT_REDIRECT)
    for committed in (DERIVED, FIGURES):
        if resolved == committed or committed in resolved.parents:
            what = OUTPUT_REDIRECT if redirect else "the scratch directory runs/interactive/"
            try:  # the redirect itself must be a directory the collection may write: new, empty or its own
                target = claim_output_dir(redirect or INTERACTIVE, OUTPUT_REDIRECT, what)
            except UnsafePath as exc:
                remedy = "" if redirect else ("; move those files elsewhere (runs/interactive/ is the collection's "
                                              "scratch directory), or give derived_dir and figures_dir of your own")
                raise ParameterError(f"parameter {name}: {exc}{remedy}") from None
            mark(target, OUTPUT_REDIRECT)
            value = str(target / committed.name / resolved.relative_to(committed))
            if not redirect and _cell() not in _announced:
                _announced.add(_cell())
                shown = target.relative_to(ROOT).as_posix() if ROOT in target.parents else str(target)
                print(f"This run writes its outputs to {shown}/ (scratch); the committed "
                      "data/derived/ and figures/ are unchanged (only `make run` writes them).")
            break
    try:
        return str(check_output_dir(value, f"parameter {name}"))
    except UnsafePath as exc:
        raise ParameterError(str(exc)) from None
