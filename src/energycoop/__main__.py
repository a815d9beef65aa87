"""``python -m energycoop``: the command line (``energycoop.cli``)."""

from energycoop.cli import run

run()
