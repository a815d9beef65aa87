"""The package's layers (ARCHITECTURE.md): each module imports only modules of its own layer or of the
layers below, and no modules import each other in a cycle, function-level imports included."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "energycoop"
LAYERS = ["quantities", "data", "analysis", "teaching", "build", "cli"]  # bottom to top


def layer_of(module: str) -> int:
    """The layer of ``energycoop.X...``: the package itself (its ``__version__``) lies below every layer;
    ``__main__`` and ``cli`` are the command line, on top."""
    if module == "energycoop":
        return -1
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "cli"
    return LAYERS.index(name) if name in LAYERS else LAYERS.index("cli")


def module_name(path: Path, package: Path) -> str:
    relative = path.relative_to(package.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, package: Path) -> set[str]:
    """The energycoop modules ``path`` imports, wherever the import statement stands."""
    name = module_name(path, package)
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "energycoop"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "energycoop":
                continue
            for alias in node.names:  # `from energycoop.teaching import exercises` imports a module
                candidate = f"{target}.{alias.name}"
                sub = package.parent.joinpath(*candidate.split("."))
                found.add(candidate if sub.with_suffix(".py").is_file() or sub.is_dir() else target)
    return {m for m in found if m != name}


def graph(package: Path) -> dict[str, set[str]]:
    return {module_name(p, package): imports(p, package) for p in sorted(package.rglob("*.py"))}


def against_the_layers(package: Path) -> list[str]:
    wrong = []
    for module, targets in graph(package).items():
        for target in sorted(targets):
            if layer_of(target) > layer_of(module):
                wrong.append(
                    f"{module} ({LAYERS[layer_of(module)]}) imports {target} ({LAYERS[layer_of(target)]})"
                )
    return wrong


def cycles(package: Path) -> list[list[str]]:
    edges = graph(package)
    found, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for imported in sorted(edges.get(node, ())):
            target = imported if imported in edges else ".".join(imported.split(".")[:-1])
            if target not in edges:
                continue
            if state.get(target) == "open":
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    return found


def test_every_module_lies_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__"}]
    assert not loose, f"modules outside the layers: {loose} (put each in one of {LAYERS[:-1]})"
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()} == set(LAYERS)


def test_no_module_imports_a_layer_above_its_own():
    assert not against_the_layers(PACKAGE)


def test_no_import_cycle():
    assert not cycles(PACKAGE)


def test_the_check_fails_on_a_deliberate_bad_import_and_a_cycle(tmp_path):
    """The two checks above can fail: a copy of the package with a quantity importing the audit, and two
    teaching modules importing each other."""
    copy = tmp_path / "energycoop"
    subprocess.run(["cp", "-r", str(PACKAGE), str(copy)], check=True)
    with (copy / "quantities" / "units.py").open("a", encoding="utf-8") as f:
        f.write("\n\ndef _bad():\n    from energycoop.analysis import audit  # noqa\n")
    bad = "energycoop.quantities.units (quantities) imports energycoop.analysis.audit (analysis)"
    assert against_the_layers(copy) == [*against_the_layers(PACKAGE), bad]
    copy = tmp_path / "again" / "energycoop"
    copy.parent.mkdir()
    subprocess.run(["cp", "-r", str(PACKAGE), str(copy)], check=True)
    with (copy / "quantities" / "energy.py").open("a", encoding="utf-8") as f:
        f.write("\n\nfrom energycoop.quantities import units  # noqa\n")
    with (copy / "quantities" / "units.py").open("a", encoding="utf-8") as f:
        f.write("\n\nfrom . import energy  # noqa\n")
    new = [c for c in cycles(copy) if c not in cycles(PACKAGE)]
    assert [set(c) for c in new] == [{"energycoop.quantities.energy", "energycoop.quantities.units"}]


@pytest.mark.parametrize("layer", LAYERS[:-1])
def test_each_layer_imports_on_its_own(layer):
    """Importing a layer loads none above it (a hidden import at module level would show here)."""
    code = (
        f"import sys, energycoop.{layer} as m, pkgutil, importlib\n"
        f"for info in pkgutil.iter_modules(m.__path__): importlib.import_module('energycoop.{layer}.' + info.name)\n"
        f"above = {LAYERS[LAYERS.index(layer) + 1 :]!r}\n"
        "print(sorted({n.split('.')[1] for n in sys.modules if n.startswith('energycoop.') and n.split('.')[1] in above}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]", f"importing {layer} loaded {out}"


MAX_LINES = 500


def too_long(package: Path, limit: int = MAX_LINES) -> list[str]:
    """The modules of ``package`` over ``limit`` lines, with their line counts."""
    found = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append(f"{name} ({lines} lines)")
    return found


def test_no_module_is_over_500_lines():
    offenders = too_long(PACKAGE)
    assert not offenders, (
        f"modules over {MAX_LINES} lines (split each along a real seam): {', '.join(offenders)}"
    )


def test_the_length_check_fails_on_a_long_module(tmp_path):
    """The check above can fail: a copy of the package with one module grown past the limit."""
    copy = tmp_path / "energycoop"
    subprocess.run(["cp", "-r", str(PACKAGE), str(copy)], check=True)
    with (copy / "quantities" / "units.py").open("a", encoding="utf-8") as f:
        f.write("\n" * (MAX_LINES + 1))
    lines = len((copy / "quantities" / "units.py").read_text(encoding="utf-8").splitlines())
    assert too_long(copy) == [f"quantities/units.py ({lines} lines)"]
