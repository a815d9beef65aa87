"""Checks for notebook parameters.

Each notebook's validation cell (the cell after its parameters) gives every parameter one of
these as its check (``energycoop.build.step.Step.parameters``). A bad value stops the notebook
there, before anything is loaded or written, with a message that names the parameter, repeats
the value and says what is allowed.
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


def between(low: float, high: float):
    """The check ``number_between`` with these ends, for ``Step.parameters`` (``bbl_per_t=between(5, 9)``)."""

    def check(name: str, value) -> float:
        return number_between(name, value, low, high)

    return check


def whole_up_to(maximum: int):
    """The check ``positive_int`` with this maximum, for ``Step.parameters`` (``draws=whole_up_to(MAX_DRAWS)``)."""

    def check(name: str, value) -> int:
        return positive_int(name, value, maximum=maximum)

    return check


def one_of(*options: str):
    """The check ``choice`` among these options, for ``Step.parameters`` (``unit=one_of("PJ", "TWh")``)."""

    def check(name: str, value) -> str:
        return choice(name, value, options)

    return check


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


def _layout(root: Path | None) -> dict[str, Path]:
    """Where a collection keeps its notebooks, committed outputs and scratch directory: the checkout's
    (``energycoop.data.paths``, read when called) or, with ``root`` given, the collection at ``root``."""
    from energycoop.data import paths

    if root is None:
        return {
            "root": paths.ROOT,
            "notebooks": paths.NOTEBOOKS,
            "derived": paths.DERIVED,
            "figures": paths.FIGURES,
            "interactive": paths.INTERACTIVE,
        }
    root = Path(root).resolve()
    return {
        "root": root,
        "notebooks": root / "notebooks",
        "derived": root / "data" / "derived",
        "figures": root / "figures",
        "interactive": root / "runs" / "interactive",
    }


def _default_directories(root: Path | None = None) -> dict[str, Path]:
    """The parameters cells' default directory values and the committed directories they name.

    They are written relative to ``notebooks/`` (where JupyterLab and ``make run`` start a
    notebook's kernel) but mean those directories wherever the kernel starts: plain papermill
    started from the repository root resolves ``../data/derived`` to outside the checkout.
    """
    layout = _layout(root)
    return {"../data/derived": layout["derived"], "../figures": layout["figures"]}


def input_directory(name: str, value, root: Path | None = None) -> str:
    """A non-empty path to read other notebooks' derived tables from (never redirected): the default
    ``../data/derived`` is the committed copy wherever the kernel starts; ``../runs/interactive/derived``
    holds the scratch copies of notebooks run by hand (``energycoop.data.derived.read_upstream`` says which
    copy it read). ``root``: the collection's root, if not this checkout's."""
    if not isinstance(value, str) or not value.strip():
        _fail(name, value, "it must be a non-empty path to a directory")
    layout = _layout(root)
    known = {**_default_directories(root), "../runs/interactive/derived": layout["interactive"] / "derived"}
    if value in known:
        return str(known[value])
    path = Path(value).expanduser()
    return str(
        path if path.is_absolute() else layout["notebooks"] / path
    )  # relative to notebooks/, like the defaults


def output_directory(name: str, value, root: Path | None = None) -> tuple[str, Path | None]:
    """Check an output directory parameter as ``directory`` does, without writing anything: return the
    directory to write into and, when the value was redirected, the directory that must carry the
    collection's marker before anything is written there (``paths.mark``), else None."""
    from energycoop.data.paths import UnsafePath, check_output_dir, claim_output_dir, resolve_path

    if not isinstance(value, str) or not value.strip():
        _fail(name, value, "it must be a non-empty path to a directory")
    layout = _layout(root)
    try:  # relative to notebooks/, like the defaults, wherever the kernel starts (papermill: where it is run)
        resolved = _default_directories(root).get(value) or resolve_path(value, layout["notebooks"])
    except UnsafePath as exc:
        _fail(name, value, f"it must be a path that can be resolved ({exc})")
    value = str(resolved)
    redirect = os.environ.get(OUTPUT_REDIRECT)
    claim = None
    for committed in (layout["derived"], layout["figures"]):
        if resolved == committed or committed in resolved.parents:
            what = OUTPUT_REDIRECT if redirect else "the scratch directory runs/interactive/"
            try:  # the redirect itself must be a directory the collection may write: new, empty or its own
                claim = claim_output_dir(redirect or layout["interactive"], OUTPUT_REDIRECT, what)
            except UnsafePath as exc:
                remedy = (
                    ""
                    if redirect
                    else (
                        "; move those files elsewhere (runs/interactive/ is the collection's "
                        "scratch directory), or give derived_dir and figures_dir of your own"
                    )
                )
                raise ParameterError(f"parameter {name}: {exc}{remedy}") from None
            value = str(claim / committed.name / resolved.relative_to(committed))
            if not redirect and _cell() not in _announced:
                _announced.add(_cell())
                home = layout["root"]
                shown = claim.relative_to(home).as_posix() if home in claim.parents else str(claim)
                print(
                    f"This run writes its outputs to {shown}/ (scratch); the committed "
                    "data/derived/ and figures/ are unchanged (only `make run` writes them)."
                )
            break
    try:
        return str(check_output_dir(value, f"parameter {name}")), claim
    except UnsafePath as exc:
        raise ParameterError(str(exc)) from None


def directory(name: str, value, root: Path | None = None) -> str:
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
    path, the repository root, ``/``, the home directory or a file. ``root``: the collection's root,
    if not this checkout's. The redirect target is marked as the collection's at once (a notebook's
    ``Step`` marks it only when it first writes, ``output_directory``).
    """
    from energycoop.data.paths import mark

    path, claim = output_directory(name, value, root)
    if claim is not None:
        mark(claim, OUTPUT_REDIRECT)
    return path
