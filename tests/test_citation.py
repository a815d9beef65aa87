"""CITATION.cff is valid Citation File Format 1.2.0 (the same JSON-schema check as `cffconvert
--validate`; cffconvert itself cannot be installed beside jupyter, as it pins jsonschema<4), the
README's "How to cite" section is the citation it gives, and LICENSE, CHANGELOG.md and the
README say what they must."""

import json
import re

import jsonschema
import yaml
from conftest import ROOT

SCHEMA = ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json"
CITATION_START, CITATION_END = "<!-- citation:start -->", "<!-- citation:end -->"


def citation() -> dict:
    # dates stay text, as the schema expects
    return yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def citation_text(cff: dict) -> str:
    """The README's citation, from CITATION.cff."""
    authors = ", ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    year = cff["date-released"][:4]
    licences = {"MIT": "MIT", "CC-BY-4.0": "CC BY 4.0"}
    return (
        f"{authors} ({year}). *{cff['title']}* (version {cff['version']}). "
        f"Licences: code {licences[cff['license'][0]]}; text, data and figures {licences[cff['license'][1]]}."
    )


def test_citation_cff_is_valid_cff_1_2_0():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(cff)


def test_an_invalid_citation_is_refused():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bad = {**citation(), "license": "not-a-licence", "authors": []}
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(bad))
    assert errors


def test_the_version_matches_the_package():
    from energycoop import __version__

    assert 'dynamic = ["version"]' in (ROOT / "pyproject.toml").read_text()  # pyproject reads the package's
    assert citation()["version"] == __version__


def test_the_readme_cites_as_citation_cff_says():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert CITATION_START in readme and CITATION_END in readme, "README.md has no 'How to cite' section"
    block = readme.split(CITATION_START, 1)[1].split(CITATION_END, 1)[0].strip()
    assert block == citation_text(citation()), (
        f"README's citation differs from CITATION.cff; it should be:\n{citation_text(citation())}"
    )


def test_licence_changelog_and_readme_say_what_a_reuser_needs():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "CC BY 4.0" in licence and "quotations" in licence
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # folded under the first screen (a newcomer's README), one click away, each with its generated block inside
    for summary, block in (
        ("Known limitations", "<!-- limitations:start -->"),
        ("Licence, reuse and how to cite", CITATION_START),
    ):
        folded = readme.split(f"<details><summary><b>{summary}</b></summary>", 1)
        assert len(folded) == 2 and block in folded[1].split("</details>", 1)[0], summary
    assert "attribution" in readme.lower() and "quotation" in readme.lower()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    dates = re.findall(r"^## (\d{4}-\d{2}-\d{2})", changelog, re.MULTILINE)
    assert dates and dates == sorted(dates, reverse=True), "CHANGELOG.md: dated sections, newest first"
