"""Readers see readable unit names: no pint internal name, dimension string or raw quantity repr in any
notebook's outputs (what nbval compares, and what the site shows)."""

import re

import nbformat
import pytest
from conftest import NOTEBOOKS

# "kt" in double quotes is allowed: notebook 11 explains that pint reads it as the knot; "pint's oil_bbl" names
# the internal name in the glossary's definition of the oil barrel.
INTERNAL = re.compile(r"<Quantity|(?<!pint's )oil_bbl|kilometric_ton|kilotonne|gram_of_coal|tonne_of_coal|terawatt_hour|"
                      r"petajoule|dimensionless|\[length\]|\[mass\]|\[time\]|\[currency|(?<!\")\bkt\b(?!\.kz)|\*\*\s*\d")


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
    found = [f"code cell {n}: ...{text[max(0, m.start() - 40):m.end() + 20]!r}..."
             for n, text in outputs(path) for m in INTERNAL.finditer(text)]
    assert not found, f"{path.name} shows pint's internal names:\n" + "\n".join(found[:10])


def test_the_check_finds_what_it_looks_for():
    assert INTERNAL.search("<Quantity(3.2, 'terawatt_hour')>") and INTERNAL.search("15 kt/d")
    assert INTERNAL.search("110,301 oil_bbl/d") and INTERNAL.search("m**3/d")
    assert not INTERNAL.search("110,000 barrels/day, 15.1 thousand t/day, 3.26 TWh")
    assert not INTERNAL.search("Kazakhstan Today, kt.kz") and INTERNAL.search("15 kt.")
