"""Layer 1, quantities: units and their display, the energy and trade formulas, intervals and rounding,
the named reading mistakes. Imports nothing else of energycoop."""
