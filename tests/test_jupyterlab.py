"""The ordinary way to use the collection, in a real browser: JupyterLab started as `.venv/bin/jupyter lab`
(no project environment variables), a notebook opened, one parameter changed with the keyboard, Run All
Cells, save. Every code cell must run without an error, the outputs must go to the scratch directory,
the committed derived tables and figures must stay byte-identical, and the save must reach the
notebook's `.py` twin (jupytext's contents manager).

Runs in a throwaway copy of the repository (the notebooks are edited and saved there), with headless
Debian Chromium driven by Playwright, as the site test does.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import clone_env, copy_clone, git_status
from sitevisit import CHROMIUM

TOKEN = "energycoop-test"
EDITED: set[str] = set()  # the notebooks (and their text files) this module has edited and saved in its copy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _committed(clone: Path) -> dict:
    return {
        p.relative_to(clone).as_posix(): p.read_bytes()
        for base in ("data/derived", "figures")
        for p in sorted((clone / base).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def lab(pristine_clone, tmp_path_factory, browser):
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium: run `make test` as root")
    clone = copy_clone(pristine_clone, tmp_path_factory.mktemp("lab-clone"))
    port = _free_port()
    env = clone_env(clone)
    for name in [k for k in env if k.startswith("ENERGYCOOP_")]:
        env.pop(name)
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        "--ServerApp.disable_check_xsrf=False",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    server = subprocess.Popen(
        command, cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.5)
    else:
        pytest.fail("jupyter lab did not start within a minute")
    yield clone, url, browser  # the session's browser: a second playwright in one process cannot start
    os.killpg(server.pid, 15)
    server.wait(timeout=30)


def _run_in_lab(lab, notebook: str, line: str, old: str, new: str) -> dict:
    """Open ``notebook`` in JupyterLab, change ``old`` to ``new`` in the parameters line starting ``line`` by
    typing, Run All Cells, save, and return the saved notebook."""
    clone, url, browser = lab
    EDITED.update({notebook, notebook.replace(".ipynb", ".py")})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/lab/tree/{notebook}?reset&token={TOKEN}")  # reset: no tabs restored
    editor_line = page.locator(".jp-Notebook .cm-line", has_text=line).first
    editor_line.wait_for(timeout=90_000)
    editor_line.click()
    page.keyboard.press("Home")
    start = editor_line.inner_text().index(old)
    for _ in range(start):
        page.keyboard.press("ArrowRight")
    for _ in range(len(old)):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.type(new)
    edited = line.replace(old, new)
    page.locator(".jp-Notebook .cm-line", has_text=edited).first.wait_for(timeout=10_000)
    page.keyboard.press("Escape")
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    # wait for the kernel to have run every code cell: no prompt says [*] and the last has a number
    page.wait_for_function(
        """() => {
        const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
        return prompts.length > 0 && prompts.every(t => /\\[\\d+\\]/.test(t));
    }""",
        timeout=240_000,
    )
    page.keyboard.press("Control+s")
    path = clone / notebook
    for _ in range(120):  # the save reaches the disk
        saved = json.loads(path.read_text(encoding="utf-8"))
        params = next(c for c in saved["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
        if line.replace(old, new) in "".join(params["source"]):
            break
        time.sleep(0.5)
    context.close()
    return saved


def _check_run(lab, notebook: str, saved: dict, before: dict) -> str:
    clone = lab[0]
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] for c in code), f"{notebook}: not every code cell ran"
    errors = [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, f"{notebook}: {errors[0]['ename']}: {errors[0]['evalue']}"
    text = "\n".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/markdown", ""))
        for c in code
        for o in c["outputs"]
    )
    assert _committed(clone) == before, "the committed derived tables or figures changed"
    changed = {line[3:] for line in git_status(clone).splitlines()}
    assert {notebook, notebook.replace(".ipynb", ".py")} <= changed <= EDITED, changed
    return text


def test_run_all_in_jupyterlab_after_changing_a_parameter(lab):
    clone = lab[0]
    before = _committed(clone)
    notebook = "notebooks/02-zhanatas-wind.ipynb"
    saved = _run_in_lab(lab, notebook, "turbines: int = 40", "40", "50")
    text = _check_run(lab, notebook, saved, before)
    assert "125 MW" in text
    assert "This run writes its outputs to runs/interactive/ (scratch)" in text
    assert ",125.0,MW," in (clone / "runs/interactive/derived/02-zhanatas-wind.csv").read_text()
    assert "turbines: int = 50  #" in (clone / "notebooks/02-zhanatas-wind.py").read_text()


def test_run_all_in_jupyterlab_on_the_audit_and_an_exercise_notebook(lab):
    clone = lab[0]
    before = _committed(clone)
    notebook = "notebooks/10-claims-audit.ipynb"
    saved = _run_in_lab(lab, notebook, "tolerance_pct: float = 0.0", "0.0", "1.0")
    text = _check_run(lab, notebook, saved, before)
    assert "Read 02-zhanatas-wind.csv, 03-turgusun-hydro.csv" in text and "the committed copies" in text
    assert "tolerance_pct: float = 1.0  #" in (clone / "notebooks/10-claims-audit.py").read_text()
    notebook = "notebooks/exercises/01-power-and-energy.ipynb"
    saved = _run_in_lab(lab, notebook, "seed: int = 0", "0", "3")
    _check_run(lab, notebook, saved, before)
    assert "seed: int = 3  #" in (clone / "notebooks/exercises/01-power-and-energy.py").read_text()
