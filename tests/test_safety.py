"""No command destroys or silently overwrites what it did not create.

Every command given a bad path runs in a throwaway copy of the repository (``make_clone``),
with its own code and its own home directory, and never with a path outside that copy: if a
refusal ever failed, only the copy would suffer. After each command the copy's
``git status`` must be clean and its files intact.
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import papermill
import pytest
from conftest import NOTEBOOKS, ROOT, clone_env, commands_in_one_process, copy_clone, git_status

from energycoop.data import paths
from energycoop.data.paths import UnsafePath, check_output_dir, claim_output_dir, empty_claimed_dir, mark


@pytest.fixture(scope="module")
def clone(pristine_clone, tmp_path_factory):
    """This module's copy of the session's clone (``conftest.make_clone``)."""
    return copy_clone(pristine_clone, tmp_path_factory.mktemp("clone"))


def run(clone, *args, timeout=300, **env):
    return subprocess.run(
        [sys.executable, "-m", "energycoop", *args],
        cwd=clone,
        env=clone_env(clone, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def digest(clone: Path) -> dict:
    return {
        p.relative_to(clone).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(clone.rglob("*"))
        if p.is_file()
        and ".git" not in p.relative_to(clone).parts
        and p.relative_to(clone).parts[0] not in ("runs", "site", "home")
    }


# The pure checks: paths that may never be written, whatever the command.


@pytest.mark.parametrize(
    "path, reason",
    [
        ("/", "is the filesystem root"),
        ("~", "is your home directory"),
        (str(ROOT), "is the repository root"),
        (str(ROOT.parent), "contains the repository root"),
        (str(ROOT / "data"), "is data/ in the repository, which holds committed files"),
        (str(ROOT / "data" / "derived"), "is data/derived/ in the repository, which holds committed files"),
        (str(ROOT / "data" / "new"), "lies inside data/ in the repository, which holds committed files"),
        (str(ROOT / "README.md"), "is the tracked file README.md in the repository"),
        (str(ROOT / "README.md" / "x"), "lies inside the tracked file README.md"),
        (str(ROOT / ".git" / "x"), "is inside .git/"),
        (str(ROOT / ".venv"), "is inside .venv/"),
        ("", "is empty"),
    ],
)
def test_paths_that_are_never_written(path, reason):
    with pytest.raises(UnsafePath, match=reason.replace(".", r"\.").replace("(", r"\(")):
        check_output_dir(path)


def test_the_collection_root_given_in_the_environment_is_checked(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    for bad, reason in (
        ("relative/dir", "is not an absolute path"),
        ("", "is not an absolute path"),
        (str(tmp_path / "missing"), "is not a collection: it has no notebooks/ and no data/"),
        (str(tmp_path), "is not a collection: it has no data/"),
    ):
        with pytest.raises(
            paths.RootError, match=f"ENERGYCOOP_ROOT={re.escape(repr(bad))} {reason}; give the absolute"
        ):
            paths._injected_root(bad)
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("ENERGYCOOP_ROOT", str(tmp_path))
    assert paths._find_root() == tmp_path.resolve()
    monkeypatch.delenv("ENERGYCOOP_ROOT")
    assert paths._find_root() == ROOT


def test_a_command_outside_any_collection_says_so(tmp_path, monkeypatch, capsys):
    """``pip install .`` then ``energycoop params 02-zhanatas-wind`` outside a checkout said "no notebook
    '02-zhanatas-wind'; the collection's notebooks are " and listed none."""
    from energycoop import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "ROOT", tmp_path / "site-packages")
    assert cli.main(["params", "02-zhanatas-wind"]) == 2
    said = capsys.readouterr().err
    assert said.startswith("error: no collection of notebooks here:") and str(tmp_path) in said
    assert "run energycoop inside a checkout of the collection, or set ENERGYCOOP_ROOT" in said
    assert paths.missing_collection(ROOT) is None


def test_the_home_directory_and_what_contains_it_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "users" / "someone"))
    (tmp_path / "users" / "someone").mkdir(parents=True)
    with pytest.raises(UnsafePath, match="is your home directory"):
        check_output_dir("~")
    with pytest.raises(UnsafePath, match="contains your home directory"):
        check_output_dir(tmp_path / "users")
    assert check_output_dir("~/results") == tmp_path / "users" / "someone" / "results"


def test_allowed_output_directories(tmp_path):
    assert check_output_dir(ROOT / "runs" / "mine") == ROOT / "runs" / "mine"
    assert check_output_dir(tmp_path / "new" / "deeper") == tmp_path / "new" / "deeper"
    assert check_output_dir("sub", base=tmp_path) == tmp_path / "sub"  # relative to the base given


def test_a_file_and_an_unwritable_directory_are_refused(tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(UnsafePath, match="is a file, not a directory"):
        check_output_dir(tmp_path / "a-file")
    # root may write anywhere, so access(2) is made to say no, as it does for a user without rights
    monkeypatch.setattr(paths.os, "access", lambda path, mode: False)
    with pytest.raises(UnsafePath, match=f"cannot be written: {tmp_path} is not a writable directory"):
        check_output_dir(tmp_path / "new")


def test_a_directory_with_files_the_command_did_not_write_is_refused_and_kept(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("precious")
    with pytest.raises(UnsafePath, match=r"already holds files that `cmd` did not write \(notes.txt\)"):
        claim_output_dir(mine, "cmd")
    with pytest.raises(UnsafePath, match=r"carries no .energycoop-output marker"):
        empty_claimed_dir(mine)
    assert (mine / "notes.txt").read_text() == "precious"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert claim_output_dir(empty, "cmd") == empty
    made = mark(tmp_path / "made", "cmd", files=["old.html"])
    (made / "old.html").write_text("old")
    assert claim_output_dir(made, "cmd") == made
    with pytest.raises(UnsafePath, match="was made by another command of the collection, not `other`"):
        claim_output_dir(made, "other")
    with pytest.raises(UnsafePath, match=r"carries no .energycoop-output marker"):
        empty_claimed_dir(made, "other")
    empty_claimed_dir(made, "cmd")
    assert [p.name for p in made.iterdir()] == [paths.MARKER]


# The commands, in a throwaway copy.

BAD_INPUTS = [
    (
        ["site", "--out", "data"],
        "the site directory 'data' is data/ in the repository, which holds committed files",
    ),
    (["site", "--out", "."], "the site directory '.' is the repository root"),
    (["site", "--out", "notebooks/exercises"], "is notebooks/exercises/ in the repository"),
    (["site", "--out", "README.md"], "is the tracked file README.md in the repository"),
    (["site", "--out", "~"], "is your home directory"),
    (
        ["site", "--out", "runs/mine"],
        "already holds files that `python -m energycoop site` did not write (notes.txt)",
    ),
    (["site", "--out", "home/mine"], "inside the repository, where outputs go only under runs/ or site/"),
    (["site", "--out", "runs/a-rerun"], "was made by another command of the collection"),
    (
        ["rerun", "02-zhanatas-wind", "--out", "data"],
        "the run directory (--out) 'data' is data/ in the repository",
    ),
    (["rerun", "02-zhanatas-wind", "--out", "notebooks"], "'notebooks' is notebooks/ in the repository"),
    (["rerun", "02-zhanatas-wind", "--out", "."], "'.' is the repository root"),
    (["rerun", "02-zhanatas-wind", "--out", "figures/x"], "lies inside figures/ in the repository"),
    (["rerun", "02-zhanatas-wind", "--out", "README.md"], "is the tracked file README.md"),
    (["rerun", "02-zhanatas-wind", "--out", "runs/mine"], "did not write (notes.txt)"),
    (["rerun", "02-zhanatas-wind", "-p", "derived_dir", "{clone}/data/derived"], "parameter derived_dir"),
    (["rerun", "02-zhanatas-wind", "-p", "figures_dir", "{clone}/figures"], "is figures/ in the repository"),
    (
        ["rerun", "02-zhanatas-wind", "-p", "turbines", "9" * 400],
        "parameter turbines takes an int of at most",
    ),
    (["rerun", "x" * 5000], "no notebook 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (5000 characters)'"),
    (["rerun", "README.md"], "no notebook 'README.md'"),
    (["run", "README.md"], "'README.md' is not one of them"),
    (["run", "x" * 5000], "is not one of them"),
    (["params", "x" * 5000], "no notebook"),
    (
        ["rerun", "02-zhanatas-wind", "-p", "derived_dir", "{clone}/runs/other", "--out", "runs/r1"],
        "leads out of the run directory",
    ),
    (
        ["rerun", "02-zhanatas-wind", "-p", "figures_dir", "../other", "--out", "runs/r2"],
        "leads out of the run directory",
    ),
    (
        ["rerun", "02-zhanatas-wind", "-p", "figures_dir", "../../escaped", "--out", "runs/r2"],
        "inside the repository, where outputs go only under",
    ),
    (["rerun", "02-zhanatas-wind", "-p", "turbines", "1_000"], "is not a whole number"),
    (["rerun", "02-zhanatas-wind", "-p", "turbines", "\uff14\uff10"], "is not a whole number"),
    (["site", "--out", "runs/" + "x" * 300], "cannot be used"),
    (["site", "--out", "~nosuchuser/x"], "names a home directory that does not exist"),
    (["site", "--out", "newtop"], "inside the repository, where outputs go only under runs/ or site/"),
]


@pytest.fixture(scope="module")
def refusals(clone):
    (clone / "home" / "mine").mkdir(parents=True, exist_ok=True)
    (clone / "home" / "mine" / "notes.txt").write_text("precious")
    (clone / "runs" / "mine").mkdir(parents=True, exist_ok=True)
    (clone / "runs" / "mine" / "notes.txt").write_text("precious")
    mark(clone / "runs" / "a-rerun", "python -m energycoop rerun")
    results = commands_in_one_process(
        clone, [[a.format(clone=clone) for a in args] for args, _ in BAD_INPUTS]
    )
    assert git_status(clone) == ""
    assert (clone / "home" / "mine" / "notes.txt").read_text() == "precious"
    return results


@pytest.mark.parametrize("case", range(len(BAD_INPUTS)), ids=lambda i: " ".join(BAD_INPUTS[i][0])[:60])
def test_bad_paths_are_refused_before_anything_changes(refusals, case):
    _, message = BAD_INPUTS[case]
    result = refusals[case]
    assert result["code"] == 2, result["stderr"]
    assert message in result["stderr"]
    assert "Traceback" not in result["stderr"] and "Running" not in result["stdout"]  # no kernel started
    assert not result["changed"]


SITE_SNIPPET = """
import sys
from pathlib import Path
from energycoop.cli import main
from energycoop.build import site
site.all_notebooks = lambda: [Path('notebooks/02-zhanatas-wind.ipynb').resolve()]  # one page: a quick build
sys.exit(main(['site', '--out', sys.argv[1]]))
"""


def _site(clone, out):
    return subprocess.run(
        [sys.executable, "-c", SITE_SNIPPET, out],
        cwd=clone,
        env=clone_env(clone),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def first_site(clone):
    """A one-page site built by `site --out runs/site-first` in the copy, once for the module; each site
    test starts from its own copy of it (as if it had built it there: the marker lists what it wrote)."""
    first = _site(clone, "runs/site-first")
    assert first.returncode == 0, first.stderr
    return first


def _first_site_at(clone, first_site, out: str) -> Path:
    import shutil

    shutil.copytree(clone / "runs" / "site-first", clone / out, symlinks=True)
    return clone / out


def test_site_rebuilds_only_a_directory_it_made(clone, first_site):
    # `site --out DIR`, of one page (the whole site: tests/test_site.py)
    _first_site_at(clone, first_site, "runs/site")
    assert (
        json.loads((clone / "runs" / "site" / paths.MARKER).read_text())["written_by"]
        == "python -m energycoop site"
    )
    (clone / "runs" / "site" / "notes.html").write_text("a file the builder did not write")
    (clone / "runs" / "site" / "index.html").write_text("an old page the builder wrote")
    again = _site(clone, "runs/site")
    assert again.returncode == 0, again.stderr
    assert (
        clone / "runs" / "site" / "notes.html"
    ).read_text() == "a file the builder did not write"  # not its own
    assert "an old page" not in (clone / "runs" / "site" / "index.html").read_text()  # rebuilt
    assert git_status(clone) == ""


def test_rerun_writes_relative_output_parameters_into_its_run_directory(clone):
    result = run(
        clone,
        "rerun",
        "02-zhanatas-wind",
        "-p",
        "turbines",
        "50",
        "-p",
        "figures_dir",
        "myfigs",
        "--out",
        "runs/mine2",
    )
    assert result.returncode == 0, result.stderr
    run_dir = clone / "runs" / "mine2"
    assert min(p.name for p in (run_dir / "myfigs").iterdir()) == "02-zhanatas-capacity-factor.png"
    assert (run_dir / "derived" / "02-zhanatas-wind.csv").exists()
    assert not (clone / "notebooks" / "myfigs").exists()
    assert "zhanatas_capacity_mw" in result.stdout and "25" in result.stdout  # 100 -> 125 MW: +25%
    assert git_status(clone) == ""
    again = run(clone, "rerun", "02-zhanatas-wind", "-p", "turbines", "50", "--out", "runs/mine2")
    assert again.returncode == 0, again.stderr  # its own directory, marked the first time


def test_plain_papermill_and_nbconvert_at_the_defaults_run_and_write_only_scratch_copies(clone, tmp_path):
    """The ordinary action: papermill from the repository root and nbconvert from notebooks/, no project
    environment variables: both run every cell, and only the ignored runs/ changes."""
    before = digest(clone)
    out = clone / "runs" / "plain.ipynb"
    out.parent.mkdir(exist_ok=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            "notebooks/02-zhanatas-wind.ipynb",
            str(out),
            "-p",
            "turbines",
            "50",
        ],
        cwd=clone,
        env=clone_env(clone),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    scratch = clone / "runs" / "interactive"
    table = (scratch / "derived" / "02-zhanatas-wind.csv").read_text()
    assert "zhanatas_capacity_mw," in table and ",125.0,MW," in table
    assert (scratch / "figures" / "02-zhanatas-coal-rate.svg").is_file()
    executed = out.read_text()
    assert (
        "This run writes its outputs to runs/interactive/ (scratch); the committed data/derived/ and figures/ "
        "are unchanged" in executed
    )
    converted = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--output-dir",
            str(tmp_path),
            "03-turgusun-hydro.ipynb",
        ],
        cwd=clone / "notebooks",
        env=clone_env(clone),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert converted.returncode == 0, converted.stderr[-2000:]
    assert (
        "Read 02-zhanatas-wind.csv from data/derived/ (the committed copy"
        in (tmp_path / "03-turgusun-hydro.ipynb").read_text()
    )
    assert digest(clone) == before and git_status(clone) == ""


# Setup that survives other checkouts.


def _environment(where: Path) -> Path:
    """A Python environment with its own copy of pint (as a second checkout's .venv has), the rest of
    the stack borrowed from the project's environment."""
    import sysconfig

    import pint

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    site = Path(
        subprocess.run(
            [
                str(where / "bin" / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    import shutil

    shutil.copytree(Path(pint.__file__).parent, site / "pint")
    (site / "borrow.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    return where / "bin" / "python"


def test_a_second_checkout_works_after_the_first_environment_is_deleted(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "home" / ".cache")}
    code = (
        "import energycoop.quantities.units as u, pint; assert str(pint.__file__).startswith(__import__('sys').prefix); "
        "print(u.Q_(1, 'tce').to('GJ'))"
    )
    first = _environment(tmp_path / "first")
    assert (
        "29.3076 GJ"
        in subprocess.run(
            [str(first), "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout
    )
    import shutil

    shutil.rmtree(tmp_path / "first")
    second = _environment(tmp_path / "second")
    result = subprocess.run([str(second), "-c", code], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "29.3076 GJ" in result.stdout
    assert not (tmp_path / "home" / ".cache" / "pint").exists()  # nothing in the user's shared cache


# Parameters that exist can be set.


def _assignments(source: str) -> list[str]:
    import ast

    return [
        node.target.id if isinstance(node, ast.AnnAssign) else node.targets[0].id
        for node in ast.parse(source).body
        if isinstance(node, (ast.AnnAssign, ast.Assign))
    ]


@pytest.mark.parametrize(
    "path", sorted(NOTEBOOKS.rglob("*.ipynb")), ids=lambda p: str(p.relative_to(NOTEBOOKS))
)
def test_every_parameter_is_seen_by_papermill_with_its_type_and_help(path):
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    declared = papermill.inspect_notebook(str(path))
    assert list(declared) == _assignments(cell.source)
    for name, spec in declared.items():
        assert spec["inferred_type_name"] in ("int", "float", "str", "bool"), name
        assert spec["help"].strip(), f"{name} has no help"


def test_the_output_redirect_must_be_a_directory_the_collection_may_write(tmp_path, monkeypatch):
    from energycoop.data import params
    from energycoop.data.paths import DERIVED

    for bad in ("/", str(Path.home()), str(ROOT)):
        monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", bad)
        with pytest.raises(params.ParameterError, match="ENERGYCOOP_OUTPUT_DIR"):
            params.directory("derived_dir", str(DERIVED))
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "02-zhanatas-wind.csv").write_text("MY DATA")
    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(theirs))
    with pytest.raises(params.ParameterError, match="did not write"):
        params.directory("derived_dir", str(DERIVED))
    assert (theirs / "02-zhanatas-wind.csv").read_text() == "MY DATA"
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(fresh))
    assert params.directory("derived_dir", str(DERIVED)) == str(fresh / "derived")
    assert (fresh / paths.MARKER).is_file()


def test_a_rebuild_deletes_only_the_files_its_marker_lists(tmp_path):
    site = mark(tmp_path / "site", "cmd", files=["index.html", "_static/a.css"])
    (site / "_static").mkdir()
    (site / "index.html").write_text("ours")
    (site / "_static" / "a.css").write_text("ours")
    (site / "thesis.tex").write_text("theirs")
    empty_claimed_dir(site, "cmd")
    assert sorted(p.name for p in site.iterdir()) == [paths.MARKER, "thesis.tex"]


def test_units_that_would_compute_for_ever_or_fail_oddly_are_refused_at_once():
    from energycoop.quantities.units import parse_unit

    for bad in ("9**9**9*W", "10**10**10", "W/0", "(W", "W\x00", "2**100*W"):
        with pytest.raises(ValueError, match="unit"):
            parse_unit(bad)
    assert str(parse_unit("m**3/day")) and str(parse_unit("kWh/t"))


# Issue 18: no command writes over what it did not make.


def test_rewriting_a_variant_keeps_a_students_filled_notebook(tmp_path, capsys):
    from energycoop.cli import main
    from energycoop.data.paths import UnsafePath
    from energycoop.teaching.classes import write_variant

    out = tmp_path / "variant-7"
    first = write_variant(7, out)
    notebook = next(p for p in first if p.suffix == ".ipynb")
    filled = notebook.read_text(encoding="utf-8").replace("answer = ...", 'answer = \\"3500 h\\"', 1)
    notebook.write_text(filled, encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(
        UnsafePath, match=f"{notebook.name} was not written by `exercises` or was changed since"
    ):
        write_variant(7, out)
    assert main(["exercises", "--variant", "7", "--out", str(out)]) == 2
    assert "a student's filled notebook?" in capsys.readouterr().err
    assert {
        p: p.read_bytes() for p in out.rglob("*") if p.is_file()
    } == before  # nothing written, the work kept
    notebook.unlink()
    assert notebook in write_variant(7, out)  # a missing one is written again


@pytest.mark.parametrize("planted", ["../victim.txt", "ABSOLUTE"])
def test_a_variant_manifest_naming_a_file_outside_is_refused(tmp_path, planted):
    from energycoop.data.paths import UnsafePath
    from energycoop.teaching.classes import MANIFEST, write_variant

    out = tmp_path / "V"
    write_variant(7, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("the teacher's file\n", encoding="utf-8")
    name = str(victim) if planted == "ABSOLUTE" else planted
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"][name] = hashlib.sha256(victim.read_bytes()).hexdigest()
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(UnsafePath, match="leaves the output folder"):
        write_variant(7, out)
    assert victim.read_text(encoding="utf-8") == "the teacher's file\n"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_variant_never_writes_through_a_linked_subfolder(tmp_path):
    from energycoop.data.paths import UnsafePath
    from energycoop.teaching.classes import write_variant

    out = tmp_path / "V"
    write_variant(7, out)
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "key").rename(out / "key.orig")
    (out / "key").symlink_to(outside)
    with pytest.raises(UnsafePath, match="not a plain folder"):
        write_variant(7, out)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("seed", ["\u00b2", "\u0661\u0662", "\uff17"])
def test_a_variant_seed_in_other_digits_is_refused(seed, capsys, tmp_path):
    from energycoop.cli import main

    assert main(["exercises", "--variant", seed, "--out", str(tmp_path / "v")]) == 2
    assert "is not allowed: give a whole number" in capsys.readouterr().err
    assert not (tmp_path / "v").exists()


def _tree(folder: Path) -> dict:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_a_site_build_that_fails_leaves_the_previous_site_as_it_was(clone, first_site):
    _first_site_at(clone, first_site, "runs/site-swap")
    before = _tree(clone / "runs" / "site-swap")
    assert "index.html" in before
    glossary = clone / "data" / "glossary.csv"
    text = glossary.read_text(encoding="utf-8")
    try:
        glossary.write_text(text.replace("definition", "meaning", 1), encoding="utf-8")  # a renamed column
        failed = _site(clone, "runs/site-swap")
    finally:
        glossary.write_text(text, encoding="utf-8")
    assert failed.returncode == 2 and "Traceback" not in failed.stderr and "glossary" in failed.stderr, (
        failed.stderr
    )
    assert "previous one" in failed.stderr
    assert _tree(clone / "runs" / "site-swap") == before
    assert not [
        p for p in (clone / "runs" / "site-swap").iterdir() if p.name.startswith(".energycoop-building")
    ]
    assert git_status(clone) == ""


def test_the_site_follows_no_link(clone, first_site, tmp_path):
    _first_site_at(clone, first_site, "runs/site-links")
    out = clone / "runs" / "site-links"
    published = out / "files" / "LICENSE"
    assert published.is_file()
    outside = tmp_path / "outside"
    outside.mkdir()
    published.unlink()
    published.symlink_to(outside / "LICENSE")  # a dangling link left in the site
    private = tmp_path / "private.csv"
    private.write_text("a private file outside the repository\n")
    reference = clone / "LICENSE"  # a file the site publishes without reading it (it reads the data files)
    saved = reference.read_bytes()
    reference.unlink()
    reference.symlink_to(private)
    try:
        again = _site(clone, "runs/site-links")
    finally:
        reference.unlink()
        reference.write_bytes(saved)
    assert again.returncode == 0, again.stderr
    assert not (outside / "LICENSE").exists()  # the rebuild wrote nothing through the link
    assert (
        not published.exists()
    )  # LICENSE, a link now, is not published (and the link left there not followed)
    assert all("a private file" not in p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    assert git_status(clone) == ""


def test_make_rerun_passes_nb_and_p_without_a_shell(clone, tmp_path):
    from energycoop.cli import make_rerun as make_main

    planted = tmp_path / "planted"
    # a stamp newer than requirements.txt and pyproject.toml: make must not reinstall into the project's
    # environment from the clone (that would point its editable install at the clone)
    stamp = clone / "home" / "installed-stamp"
    stamp.parent.mkdir(exist_ok=True)
    stamp.touch()
    os.utime(stamp, (time.time() + 3600, time.time() + 3600))
    done = subprocess.run(
        [
            "make",
            "-s",
            "-C",
            str(clone),
            "rerun",
            "NB=09-energy-on-one-scale",
            f"P=unit=TWh;id>{planted}",
            f"STAMP={stamp}",
            f"BIN={Path(sys.executable).parent}",
        ],
        env=clone_env(clone),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert not planted.exists(), done.stdout + done.stderr  # the value never reached a shell
    assert "unit = 'TWh;id>" in done.stderr and "Traceback" not in done.stderr
    calls = []
    from energycoop import cli

    original = cli.main
    cli.main = lambda argv: calls.append(argv) or 0
    try:
        assert (
            make_main(
                {
                    "ENERGYCOOP_RERUN_NB": "02-zhanatas-wind",
                    "ENERGYCOOP_RERUN_P": "turbines=50 label='two words' formula=a=b",
                }
            )
            == 0
        )
        assert calls == [
            [
                "rerun",
                "02-zhanatas-wind",
                "-p",
                "turbines",
                "50",
                "-p",
                "label",
                "two words",
                "-p",
                "formula",
                "a=b",
            ]
        ]
        assert make_main({"ENERGYCOOP_RERUN_NB": "02-zhanatas-wind", "ENERGYCOOP_RERUN_P": "turbines"}) == 2
        assert make_main({"ENERGYCOOP_RERUN_NB": "02-zhanatas-wind", "ENERGYCOOP_RERUN_P": "a='open"}) == 2
        assert make_main({}) == 2
    finally:
        cli.main = original
    assert git_status(clone) == ""


@pytest.mark.parametrize(
    "content", [b'{"cells": [', b"\xff\xfe\x00 not utf-8", b""], ids=["truncated", "latin", "empty"]
)
def test_params_and_rerun_on_a_broken_notebook_say_so(tmp_path, content, capsys):
    from energycoop.cli import main

    broken = tmp_path / "broken.ipynb"
    broken.write_bytes(content)
    for argv in (["params", str(broken)], ["rerun", str(broken), "-p", "x", "1"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "is not a readable notebook" in err and "broken.ipynb" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ipynb"]


def test_a_failed_rerun_leaves_no_empty_run_directory(clone):
    runs = clone / "runs"
    before = set(runs.iterdir()) if runs.exists() else set()
    done = run(clone, "rerun", "09-energy-on-one-scale", "-p", "unit", "parsec")
    assert done.returncode == 1 and "parameter unit" in done.stderr
    after = set(runs.iterdir()) if runs.exists() else set()
    assert after == before


def test_a_huge_cell_in_a_data_file_is_named(tmp_path):
    from energycoop.data.loaders import DataError, load_reference

    text = (ROOT / "data" / "reference.csv").read_text(encoding="utf-8")
    header, first, *rest = text.splitlines(keepends=True)
    column = header.rstrip("\n").split(",").index("note") if "note" in header.split(",") else 1
    cells = next(__import__("csv").reader([first]))
    cells[column] = "x" * 200_000
    import csv as _csv
    import io as _io

    buffer = _io.StringIO()
    _csv.writer(buffer, lineterminator="\n").writerow(cells)
    (tmp_path / "reference.csv").write_text(header + buffer.getvalue() + "".join(rest), encoding="utf-8")
    name = header.rstrip("\n").split(",")[column]
    with pytest.raises(
        DataError, match=rf"reference\.csv, row 2, column {name}: the cell holds 200,000 characters"
    ):
        load_reference(tmp_path / "reference.csv")


def test_an_answer_too_large_to_compare_is_named():
    from energycoop.teaching.checker import verdict

    result, sentence = verdict("zhanatas_full_load_hours", "3500e5000 h")
    assert result == "wrong" and not re.search(r"\binf\b", sentence)
    assert "too large" in sentence or "outside what an answer here can be" in sentence
