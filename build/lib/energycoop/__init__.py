"""energycoop: the small library behind the energy-cooperation notebooks.

Modules, one subject each:

- ``units``: the pint registry (tonne of coal equivalent, currencies) and display helpers.
- ``data``: loading and validating ``data/article.csv``, ``data/reference.csv`` and the codebook.
- ``energy``: unit-aware energy arithmetic (capacity factor, coal rate, CO2, ...).
- ``params``: checks for notebook parameters, with messages that name the parameter.
- ``derived``: building and writing the derived tables in ``data/derived/``.
- ``plotting``: one colour-blind-safe style and reproducible PNG/SVG output.
- ``runner``: executing notebooks with papermill and stripping run metadata.
"""

__version__ = "0.1.0"
