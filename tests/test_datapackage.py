"""data/datapackage.json: generated from the codebook and the loaders' schemas, up to date,
describing every CSV of data/ and data/derived/, and valid under `frictionless validate`."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA

from energycoop.build import datapackage
from energycoop.data.loaders import read_codebook

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def test_the_committed_data_package_is_generated_and_up_to_date():
    committed = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == datapackage.package(), (
        "data/datapackage.json is out of date: run `.venv/bin/python -m energycoop.build.datapackage`"
    )


def test_every_csv_is_a_resource_with_every_column_documented():
    package = datapackage.package()
    paths = {r["path"]: r for r in package["resources"]}
    files = sorted(
        [p.name for p in DATA.glob("*.csv")] + [f"derived/{p.name}" for p in (DATA / "derived").glob("*.csv")]
    )
    assert sorted(paths) == files
    book = read_codebook()
    for path, resource in paths.items():
        header = (DATA / path).read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert [f["name"] for f in resource["schema"]["fields"]] == header, path
        documented = book[path] if path in book else book["derived/*.csv"]
        assert [f["name"] for f in resource["schema"]["fields"]] == documented, path
        for f in resource["schema"]["fields"]:
            assert f["description"], f"{path}: column {f['name']} has no description"
        assert resource["licenses"][0]["name"] == "CC-BY-4.0" and resource["sources"]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_units_and_constraints_come_from_the_codebook_and_the_loaders():
    resources = {r["path"]: r for r in datapackage.package()["resources"]}
    fields = {f["name"]: f for f in resources["article.csv"]["schema"]["fields"]}
    assert "unit column" in fields["value"]["description"]
    assert fields["kind"]["constraints"]["enum"][0] == "power"
    assert fields["paragraph"]["type"] == "integer"
    audit = {f["name"]: f for f in resources["derived/10-claims-audit.csv"]["schema"]["fields"]}
    assert audit["relative_difference"]["unit"] == "dimensionless"
    assert "inconsistent" in audit["verdict"]["constraints"]["enum"]
    derived = {f["name"]: f for f in resources["derived/02-zhanatas-wind.csv"]["schema"]["fields"]}
    assert derived["value"]["type"] == "number"
    sources = [s.get("path") for s in resources["derived/03-turgusun-hydro.csv"]["sources"]]
    assert "derived/02-zhanatas-wind.csv" in sources and "article.csv" in sources


def _validate(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FRICTIONLESS), "validate", "datapackage.json"],
        check=False,
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_frictionless_validate_passes():
    result = _validate(DATA)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_frictionless_validate_catches_a_bad_row(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("README.md"))
    lines = (copy / "glossary.csv").read_text(encoding="utf-8").splitlines()
    lines.append('bad term,Not A Slug,bad,"a definition",,02-zhanatas-wind')
    (copy / "glossary.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _validate(copy)
    assert result.returncode != 0
    assert "glossary" in result.stdout and "constraint" in result.stdout.lower()
