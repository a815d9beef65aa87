"""What the grader makes of one submitted notebook before it runs it: the set and the seed to grade it for
and what stops it being graded (``inspect``), the copy it runs, in which the check cells hand the answers to
the grader (``graded_copy``), the answers taken back from the run (``answers_of``), and the flags for code
that reaches for the grading internals (``internals``).
"""

from __future__ import annotations

import ast
import json
import re
import secrets

from energycoop.teaching.answer_channel import MIME
from energycoop.teaching.catalogue import EXERCISES, SETS, number_of
from energycoop.teaching.student import CHECK_CALL, SEED_LINE, exercise_block
from energycoop.teaching.variants import MAX_SEED


def _check_calls(tree: ast.AST) -> list[ast.Call]:
    """The calls ``check("KEY", ...)`` in ``tree`` whose first argument is a string."""
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Name)
        and n.func.id == "check"
        and n.args
        and isinstance(n.args[0], ast.Constant)
        and isinstance(n.args[0].value, str)
    ]


def _checked_key(call: ast.Call) -> str:
    """The key a call of ``_check_calls`` checks: its first argument, a string."""
    first = call.args[0]
    assert isinstance(first, ast.Constant) and isinstance(first.value, str)  # (``_check_calls`` keeps those)
    return first.value


def first_line(text: str, limit: int = 60) -> str:
    """The first line that is not blank, cut at a word when longer than ``limit``."""
    from energycoop.data.notebook_file import cut

    line = next((s for s in str(text).strip().splitlines() if s.strip()), "")
    return cut(line, limit)


NOTE_SEED = re.compile(r"seed\s*(\d+)", re.IGNORECASE)
QUESTION = re.compile(r"\s*##\s*(\d{1,3})\.\s")  # an exercise's question heading: "## 3. The coal rate"
VARIANT_NOTE = re.compile(r"^\*\*Variant: seed \d+", re.MULTILINE)
LOST_TAGS = (
    "the notebook's cell tags were lost (it was saved by an editor or tool that drops them): the "
    "parameters cell and the variant note were found by their text, and the notebook graded as usual"
)


def restore_tags(nb) -> list[str]:
    """Put back, in the notebook as read (the file is never written), the tags the grader finds cells by, where
    an editor dropped them: ``parameters`` on the code cell holding ``seed: int = N``, ``variant`` on the
    markdown cell beginning "**Variant: seed N". Returns a flag for the teacher if any was lost (never a
    charge of tampering: the seed is then compared as usual)."""
    lost = False
    for tag, kind, pattern in (("parameters", "code", SEED_LINE), ("variant", "markdown", VARIANT_NOTE)):
        if any(tag in c.metadata.get("tags", []) for c in nb.cells):
            continue
        found = next((c for c in nb.cells if c.cell_type == kind and pattern.search(nb_source(c))), None)
        if found is not None:
            tags = found.metadata.get("tags")
            found.metadata["tags"] = [*(tags if isinstance(tags, list) else []), tag]
            lost = True
    return [LOST_TAGS] if lost else []


def inspect(nb, path=None, roster_seed: int | None = None) -> tuple[str, int, list[str], list[str]]:
    """The notebook's exercise set and the seed to grade it for, the problems that stop it being graded
    at all, and the flags (graded, but for the teacher to look at). With a roster, the roster's seed is
    the one graded and a notebook that says otherwise is flagged; the note is compared by its number only."""
    block = exercise_block(nb)
    set_name = block.get("set")
    if not isinstance(set_name, str) or set_name not in SETS:
        return (
            "",
            0,
            [
                (
                    f"not one of the exercise notebooks: its metadata names no exercise set "
                    f"(energycoop.exercises.set is {str(set_name)[:60]!r}; the sets are "
                    f"{', '.join(SETS)})"
                )
            ],
            [],
        )
    problems: list[str] = []
    flags: list[str] = []
    seed = block.get("seed")
    valid = not isinstance(seed, bool) and isinstance(seed, int) and 0 <= seed <= MAX_SEED
    tampered = (
        []
        if valid
        else [(f"the metadata seed is {str(seed)[:40]!r}, not a whole number from 0 to {MAX_SEED:,}")]
    )
    parameters = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    found = SEED_LINE.search(nb_source(parameters[0])) if parameters else None
    if not found:
        tampered.append("the parameters cell (with 'seed: int = ...') is missing or changed")
    elif valid and int(found.group(1)) != seed:
        tampered.append(f"the metadata says seed {seed}, the parameters cell says {found.group(1)}")
    notes = [c for c in nb.cells if c.cell_type == "markdown" and "variant" in c.metadata.get("tags", [])]
    numbers = {int(n) for n in NOTE_SEED.findall(nb_source(notes[0]))} if notes else set()
    if not notes or not numbers:
        flags.append(
            'the variant note ("Variant: seed ...") was deleted or lost its number: check that this is '
            "the student's own variant"
        )
    elif valid and numbers != {seed}:
        tampered.append(
            f"the variant note says seed {', '.join(map(str, sorted(numbers)))}, the metadata says {seed}"
        )
    if roster_seed is not None:
        if valid and seed != roster_seed:
            flags.append(
                f"tampered seed: the roster gives seed {roster_seed}, the notebook says seed {seed}"
                + ("; " + "; ".join(tampered) if tampered else "")
                + f": graded for the roster's seed {roster_seed}"
            )
        elif tampered:  # the seed agrees (or cannot be read): say what changed, not that the seeds differ
            flags.append(
                "the notebook's seed cells were changed ("
                + "; ".join(tampered)
                + f"): graded for the roster's seed {roster_seed}"
            )
        return set_name, roster_seed, problems, flags
    if tampered:
        problems += [f"tampered seed: {t}" for t in tampered]
    return set_name, seed if valid and isinstance(seed, int) else 0, problems, flags


def _check_argument(source: str, key: str) -> tuple[str, str | None]:
    """What the check cell of ``key`` hands to the grader (an expression on the kernel's globals) and,
    if the cell was edited, a note saying how."""
    default = 'globals().get("answer", Ellipsis)'
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return (
            default,
            f"the check cell was edited and is not valid Python ({first_line(source)!r}): graded `answer`",
        )
    calls = [n for n in _check_calls(tree) if _checked_key(n) == key]
    plain = (
        len(tree.body) == 1
        and calls
        and len(calls[0].args) == 2
        and isinstance(calls[0].args[1], ast.Name)
        and calls[0].args[1].id == "answer"
    )
    if plain:
        return default, None
    if not calls or len(calls[0].args) < 2:
        return default, f"the check cell was edited ({first_line(source)!r}): graded `answer`"
    given = calls[0].args[1]
    if (
        isinstance(given, ast.Constant)
        and isinstance(given.value, (str, int, float))
        and not isinstance(given.value, bool)
    ):
        return repr(given.value), (
            f"the check cell was edited to check {first_line(repr(given.value))}: that "
            "answer was graded; next time write it in the answer cell"
        )
    if isinstance(given, ast.Name):
        return f'globals().get("{given.id}", Ellipsis)', (
            f"the check cell was edited to check `{given.id}`: that value was graded"
        )
    return default, f"the check cell was edited ({first_line(source)!r}): graded `answer`"


SETUP = """\
import sys as _energycoop_sys
class _EnergycoopCapped:
    def __init__(self, stream, limit):
        self.stream, self.left = stream, limit
    def write(self, text):
        if self.left > 0:
            self.left -= len(text)
            if self.left < 0:
                text = text[:len(text) + self.left] + "\\n[printing stopped here: too much printed]\\n"
            return self.stream.write(text)
        return len(text)
    def __getattr__(self, name):
        return getattr(self.stream, name)
_energycoop_sys.stdout = _EnergycoopCapped(_energycoop_sys.stdout, 8388608)
_energycoop_sys.stderr = _EnergycoopCapped(_energycoop_sys.stderr, 8388608)
del _energycoop_sys, _EnergycoopCapped
import energycoop.teaching.exercises  # noqa: F401 (the library's import is not the notebook's time)
"""

# Code that reaches for the grading internals: the expected answers, the verdict, the answer channel, and any
# module of the teaching layer but the one a notebook imports (``exercises``).
INTERNALS = re.compile(
    r"\bexpected\s*\(|\bEXERCISES\b|\.solve\b|\bverdict\s*\(|\bgrading\b|_energycoop|vnd\.energycoop|"
    r"(?<![.\w])_?values\s*\(|exercises\s*\.\s*_?values|\bsys\.modules\b|__import__|\bimportlib\b|"
    r"\bread_answer\b|\bdescribe_answer\b|\b_tables\b|\bstudent_version\b|\bwrite_variant\b|"
    r"\bcapture\s*\(|\banswer_channel\b|answer\+json|\bkey_answer\b|\bworked_markdown\b|"
    r"energycoop\s*\.\s*teaching\s*\.\s*(?!exercises\b)\w|energycoop\s*\.\s*teaching\s+import\s+(?!exercises\b)|"
    # names built from strings reach the same internals (ex.checker.__globals__["EXER" + "CISES"]): no exercise
    # needs introspection or code built at run time
    r"__(?:globals|closure|code|dict|builtins|getattribute|setattr|delattr|subclasses|mro|bases|func|self)__|"
    r"(?<![.\w])(?:getattr|setattr|delattr|vars|globals|locals|eval|exec|compile)\s*\(|"
    # code hooked into the kernel runs around the grader's own cells (the check cell) and could read or replace
    # what they hand over: IPython's events, input and AST transformers, the display hook, and tracing
    r"\bget_ipython\b|\bevents\s*\.\s*register\b|\b(?:ast|input)_transformers\w*|\bdisplayhook\b|"
    r"\bdisplay_formatter\b|\bdisplay_pub\b|\bInteractiveShell\b|\bbuiltins\b|\bload_ext\b|\bregister_hook\b|"
    # the kernel's own objects reached through the collector, or the module table imported by name
    r"\bget_(?:objects|referents|referrers)\b|\bfrom\s+sys\s+import\b[^\n]*\bmodules\b|\.\s*(?:display|publish_display_data)\s*=(?!=)|"
    r"\b(?:sys|threading)\s*\.\s*(?:settrace|setprofile|addaudithook)\b"
)


def _is_check_call(node) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "check"
    )


def typed_in_check_cell(source: str) -> str:
    """The code of a check cell other than its ``check(...)`` calls (an answer typed there), run before the
    grader captures the answer; "" if none (or the cell is not Python)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    return "\n".join(
        ast.get_source_segment(source, n) or ast.unparse(n) for n in tree.body if not _is_check_call(n)
    )


def check_keys(cell) -> list[str]:
    """The exercise keys a code cell checks: calls ``check("key", ...)`` in its code (not a mention in a
    comment or a string), never in an answer cell (a comment there quoting the check is an answer)."""
    if cell.cell_type != "code" or "answer" in cell.metadata.get("tags", []):
        return []
    source = nb_source(cell)
    try:
        tree = ast.parse(source)
    except SyntaxError:  # an edited check cell that is not Python: its calls by pattern, comments left out
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
        return [k for k in dict.fromkeys(CHECK_CALL.findall(code)) if k in EXERCISES]
    calls = [_checked_key(n) for n in _check_calls(tree)]
    return [k for k in dict.fromkeys(calls) if k in EXERCISES]


def graded_copy(nb, seed: int, nonce: str | None = None):
    """The notebook as the grader runs it: the seed forced, check cells replaced by cells that hand the
    checked value to the grader (with ``nonce``, the run's secret), outputs cleared. Returns it, the
    check cells' indices by exercise key and a note for each edited check cell."""
    import nbformat

    nonce = nonce or secrets.token_hex(12)
    copy = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    setup = nbformat.v4.new_code_cell(SETUP)
    setup.metadata["tags"] = ["grader"]
    copy.cells.append(setup)
    checks: dict[str, int] = {}
    edited: dict[str, str] = {}
    checked = {k for c in nb.cells for k in check_keys(c)}
    by_number = {number_of(k): k for k in EXERCISES}
    asked = None  # the exercise whose question came last (its "## N. Title" heading)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heading = QUESTION.match(nb_source(cell))
            if heading:
                asked = by_number.get(int(heading.group(1)))
            continue
        if cell.cell_type != "code":
            continue
        source = nb_source(cell)
        new = nbformat.v4.new_code_cell(source)
        new.metadata["tags"] = [
            t for t in cell.metadata.get("tags", []) if isinstance(t, str) and t not in ("grader", "check")
        ]
        if "parameters" in new.metadata["tags"]:
            new.source = f"strict = False\nseed = {seed}"
        keys = check_keys(cell)
        if keys and all(k in checks for k in keys):
            # a copy of a check cell already met (pasted by accident): run as a capture it would take the next
            # exercise's answer away from its own check cell, so it is left out, and said
            new.source = "# a second copy of a check cell: left out by the grader"
            new.metadata["tags"] = ["grader"]
            for key in keys:
                edited.setdefault(
                    key, "its check cell appears twice; the grader took the first and left the copy out"
                )
            copy.cells.append(new)
            continue
        if keys:
            name = f"_energycoop_capture_{nonce}"
            lines = [f"from energycoop.teaching.answer_channel import capture as {name}"]
            for key in keys:
                expression, note = _check_argument(source, key)
                lines.append(f'{name}("{key}", {expression}, "{nonce}")')
                if note:
                    edited[key] = note
            typed = typed_in_check_cell(source)  # an answer typed into the check cell counts
            new.source = "\n".join(
                [*([typed] if typed else []), *lines, f"del {name}", 'globals().pop("answer", None)']
            )
            new.metadata["tags"] = ["grader", "check"]
            for key in keys:
                checks.setdefault(key, len(copy.cells))
        copy.cells.append(new)
        if "answer" in new.metadata["tags"] and asked and asked not in checked and asked not in checks:
            # its check cell was deleted (an accident, most often): graded from its tagged answer cell
            name = f"_energycoop_capture_{nonce}"
            restored = nbformat.v4.new_code_cell(
                "\n".join(
                    [
                        f"from energycoop.teaching.answer_channel import capture as {name}",
                        f'{name}("{asked}", globals().get("answer"), "{nonce}")',
                        f"del {name}",
                        'globals().pop("answer", None)',
                    ]
                )
            )
            restored.metadata["tags"] = ["grader", "check"]
            checks[asked] = len(copy.cells)
            edited[asked] = (
                "its check cell was deleted, so it was graded from its answer cell (the cell tagged "
                "answer); copy the check cell back from a fresh notebook"
            )
            copy.cells.append(restored)
    copy.metadata["energycoop_nonce"] = nonce
    return copy, checks, edited


def answers_of(copy, executed, checks: dict[str, int], nonce: str) -> tuple[dict[str, dict], list[str]]:
    """The payload of each key, taken only from its own check cell with the run's secret; and flags for
    payloads displayed anywhere else (a forged answer)."""
    found: dict[str, dict] = {}
    forged: dict[int, list[str]] = {}  # cell -> the keys its forged answers named (one flag per cell)
    doubled: dict[int, str] = {}  # a check cell that displayed a second answer for its own key
    for index, cell in executed.items():
        for output in cell.get("outputs", []):
            data = output.get("data", {}) if isinstance(output, dict) else {}
            if MIME not in data:
                continue
            payload = data[MIME]
            if isinstance(payload, str):
                try:
                    payload = json.loads(payload)
                except ValueError:
                    payload = {}
            key = payload.get("key") if isinstance(payload, dict) else None
            if (
                isinstance(key, str)
                and checks.get(key) == index
                and payload.get("nonce") == nonce
                and key not in found
            ):
                found[key] = payload
            elif isinstance(key, str) and checks.get(key) == index and payload.get("nonce") == nonce:
                doubled[index] = key  # which of the two its check cell wrote cannot be told from here
            else:
                named = forged.setdefault(index, [])
                if key and str(key)[:40] not in named:
                    named.append(str(key)[:40])
    flags = []
    for index, keys in sorted(forged.items()):
        which = f" (for {', '.join(keys)})" if keys else ""
        flags.append(
            f"code cell {index} displayed {'answers' if len(keys) > 1 else 'an answer'} for the grader{which} "
            "that the grader's own check cell did not write: ignored (a forged answer?)"
        )
    for index, key in sorted(doubled.items()):
        flags.append(
            f"code cell {index}, the check cell of {key}, displayed two answers for the grader with the run's "
            "secret: the first was graded, and one of the two was not the check cell's own (a forged answer?): "
            "check this exercise by hand"
        )
    return found, flags


# Names whose replacement reroutes what the grader's check cell displays (the answer it hands over): an
# assignment to any of them as an attribute, however written (``d.display: T = f``, ``for d.display in ...``,
# ``(d.display), x = f, 1``), is found in the cell's syntax tree, which a pattern on the text cannot do.
HANDOVER = {"display", "publish_display_data", "displayhook", "display_formatter", "display_pub"}


def _rebinds_the_handover(source: str) -> str:
    """The first attribute of ``HANDOVER`` the code assigns to (``"d.display"``), or ""."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, (ast.Store, ast.Del))
            and node.attr in HANDOVER
        ):
            return ast.unparse(node)
    return ""


def internals(nb) -> list[str]:
    flags = []
    for index, cell in enumerate([c for c in nb.cells if c.cell_type == "code"], start=1):
        source = nb_source(cell)
        if "parameters" in cell.metadata.get("tags", []):
            continue
        if check_keys(cell):
            source = typed_in_check_cell(source)  # the check call itself is the grader's
        source = source.replace("\\\n", " ")  # a line continued with a backslash reads as one line
        found = INTERNALS.search(source)
        rebound = "" if found else _rebinds_the_handover(source)
        if found or rebound:
            what = found.group(0) if found else rebound
            line = next((s for s in source.splitlines() if what in s), what)
            flags.append(
                f"code cell {index} reaches for the grading internals ({first_line(line)!r}): check the "
                "answers by hand"
            )
    return flags


def nb_source(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)
