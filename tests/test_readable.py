"""Readers see readable unit names: no pint internal name, dimension string or raw quantity repr in any
notebook's outputs (what nbval compares, and what the site shows)."""

import re

import nbformat
import pytest
from conftest import NOTEBOOKS

# "kt" in double quotes is allowed: notebook 11 explains that pint reads it as the knot; "pint's oil_bbl" names
# the internal name in the glossary's definition of the oil barrel.
INTERNAL = re.compile(
    r"<Quantity|(?<!pint's )oil_bbl|kilometric_ton|kilotonne|gram_of_coal|tonne_of_coal|terawatt_hour|"
    r"petajoule|dimensionless|\[length\]|\[mass\]|\[time\]|\[currency|(?<!\")\bkt\b(?!\.kz)|(?<=[A-Za-z)])\*\*\s*\d"
)


def outputs(path):
    nb = nbformat.read(path, as_version=4)
    for number, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        for output in cell.outputs:
            if output.output_type == "stream":
                yield number + 1, output.text
            for kind in ("text/plain", "text/html", "text/markdown"):
                if kind in output.get("data", {}):
                    yield number + 1, output.data[kind]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")), ids=lambda p: p.stem)
def test_no_pint_internals_reach_the_reader(path):
    found = [
        f"code cell {n}: ...{text[max(0, m.start() - 40) : m.end() + 20]!r}..."
        for n, text in outputs(path)
        for m in INTERNAL.finditer(text)
    ]
    assert not found, f"{path.name} shows pint's internal names:\n" + "\n".join(found[:10])


def test_the_check_finds_what_it_looks_for():
    assert INTERNAL.search("<Quantity(3.2, 'terawatt_hour')>") and INTERNAL.search("15 kt/d")
    assert INTERNAL.search("110,301 oil_bbl/d") and INTERNAL.search("m**3/d")
    assert not INTERNAL.search("110,000 barrels/day, 15.1 thousand t/day, 3.26 TWh")
    assert not INTERNAL.search("Kazakhstan Today, kt.kz") and INTERNAL.search("15 kt.")
    # Markdown bold before a number ("**22 of the 40 findings**", "**1.**") is no unit's power
    assert not INTERNAL.search("**22 of the 40 findings** and **1.** ✔") and INTERNAL.search("(m/s)**2")


def _module_names() -> set[str]:
    """The names of the package's modules and subpackages (``energycoop``, ``analysis``, ``audit``, ...)."""
    import pkgutil

    import energycoop

    names = {"energycoop"}
    for info in pkgutil.walk_packages(energycoop.__path__, "energycoop."):
        names.update(info.name.split("."))
    return names


# A module path as code names it: `energycoop.analysis.audit.VERDICTS`, `audit.judge`, `trade.ratio`; never a file
# name (`data/reference.csv`, `10-claims-audit.ipynb`, `TEACHING.md`) nor a word followed by a full stop.
_MODULES = "|".join(sorted(_module_names(), key=len, reverse=True))
MODULE_PATH = re.compile(rf"\b(?:{_MODULES})\.(?!(?:csv|ipynb|py|md|toml|json|png|svg)\b)[A-Za-z_]\w*")


def prose(path):
    """What a reader reads in a notebook: its Markdown cells, and its outputs (printed lines, Markdown, text)."""
    nb = nbformat.read(path, as_version=4)
    for number, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            yield f"cell {number + 1} (Markdown)", cell.source
    for number, text in outputs(path):
        yield f"code cell {number} (output)", text


@pytest.mark.parametrize(
    "path", sorted(NOTEBOOKS.glob("**/*.ipynb")), ids=lambda p: str(p.relative_to(NOTEBOOKS))
)
def test_no_module_path_reaches_the_reader(path):
    """The notebooks speak of the project (a notebook, a data file, the glossary), never of the code's modules."""
    found = [
        f"{where}: ...{text[max(0, m.start() - 50) : m.end() + 10]!r}..."
        for where, text in prose(path)
        for m in MODULE_PATH.finditer(text)
    ]
    assert not found, f"{path.relative_to(NOTEBOOKS)} names the code's modules to a reader:\n" + "\n".join(
        found[:10]
    )


def test_the_module_check_finds_module_paths_and_leaves_files_and_sentences_alone():
    for text in (
        "defined once, in `energycoop.analysis.audit.VERDICTS`",
        "a ceiling on the ratio (`trade.ratio`)",
        "(`data.rounding_interval`)",
        "by one rule written in energycoop.analysis.verdicts.RELATIONS",
    ):
        assert MODULE_PATH.search(text), text
    for text in (
        "in `data/reference.csv`",
        "see `10-claims-audit.ipynb` and TEACHING.md",
        "the audit. Then",
        "the energy. The trade balance",
        "read `data/glossary.csv`",
        "the teaching.md file",
    ):
        assert not MODULE_PATH.search(text), text
