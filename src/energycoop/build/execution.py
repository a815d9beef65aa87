"""Execute one notebook with papermill, leaving no run metadata behind.

papermill records start and end times in the notebook's and every cell's metadata;
nbclient adds per-cell execution timestamps. Both are stripped, so executing a
notebook twice gives the same file. ``build.runner`` runs the whole collection with this.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

# numpy picks its fastest code for the processor it finds at import, and its AVX-512 routines (log10 on a log
# axis, say) can differ from the AVX2 ones in the last bit, enough to move an antialiased pixel of a figure:
# a notebook run on a machine with AVX-512 then differs from one run without. Kernels started here leave
# AVX-512 aside (a feature the processor lacks is ignored), so outputs are the same on both.
SAME_ARITHMETIC = {"NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR"}


def same_arithmetic() -> None:
    """Set ``SAME_ARITHMETIC`` in this process's environment (for the kernels it starts), keeping a value set."""
    for key, value in SAME_ARITHMETIC.items():
        os.environ.setdefault(key, value)


class NotebookFailed(RuntimeError):
    """A cell raised an error; the message names the notebook, the cell and the error."""


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of the same name (stdout, stderr) into one.

    How a kernel splits printed text into messages depends on timing; merged, the
    stored output is the same on every run.
    """
    merged: list = []
    for output in outputs:
        if (
            merged
            and output.get("output_type") == "stream"
            and merged[-1].get("output_type") == "stream"
            and merged[-1].get("name") == output.get("name")
        ):
            merged[-1]["text"] = merged[-1]["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def strip_run_metadata(nb):
    """Remove papermill's and nbclient's timing metadata from ``nb`` and merge split
    stream outputs (in place); return ``nb``."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    return nb


def failed_cell(nb) -> str:
    """Describe the first cell whose output is an error: its number, first source line and error."""
    code_number = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_number += 1
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return (
                    f"code cell {code_number} ({first_line!r}): "
                    f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
                )
    return "no cell recorded an error"


@contextlib.contextmanager
def kernel_log(path: Path):
    """Send this process's file descriptor 2, which kernels inherit, to ``path`` while executing.

    Kernels print start-up and shutdown chatter there (an unencrypted-TCP warning on every
    start); cell output does not go there, it travels over the kernel's messages.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def execute(
    notebook: Path, output: Path | None = None, parameters: dict | None = None, cwd: Path | None = None
):
    """Execute ``notebook`` with papermill and write it to ``output`` (default: in place).

    Raises ``NotebookFailed`` naming the cell and message if a cell fails; the output
    file is then left untouched.
    """
    import nbformat
    import papermill
    from nbclient.exceptions import DeadKernelError

    notebook = Path(notebook)
    output = Path(output) if output else notebook
    cwd = Path(cwd) if cwd else notebook.parent
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", tempfile.gettempdir())
    same_arithmetic()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / notebook.name
        try:
            for attempt in (1, 2):
                try:
                    with kernel_log(Path(tmp) / "kernel.log"):
                        papermill.execute_notebook(
                            str(notebook),
                            str(scratch),
                            parameters=parameters or {},
                            cwd=str(cwd),
                            kernel_name="python3",
                            progress_bar=False,
                            log_output=False,
                        )
                    break
                except RuntimeError as exc:
                    # A kernel that dies before it answers (two kernels drew the same free port, which
                    # happens under load) ran no cell: start it once more.
                    if attempt == 2 or "Kernel died before replying" not in str(exc):
                        raise
        except DeadKernelError as exc:
            raise NotebookFailed(
                f"{notebook.name}: its kernel died while running it (stopped from outside, or out "
                "of memory); nothing was written"
            ) from exc
        except papermill.PapermillExecutionError as exc:
            nb = nbformat.read(scratch, as_version=4)
            raise NotebookFailed(f"{notebook.name}: {failed_cell(nb)}") from exc
        except Exception:
            # Not a cell error (the kernel did not start, died...): show what the kernel said.
            sys.stderr.write((Path(tmp) / "kernel.log").read_text(errors="replace"))
            raise
        nb = strip_run_metadata(nbformat.read(scratch, as_version=4))
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, output)
    return nb
