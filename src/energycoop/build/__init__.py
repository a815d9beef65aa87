"""Layer 5, build: the collection of notebooks and what they declare, running and rerunning them, the
site and the data package. Imports any layer below; only the command line (energycoop.cli) is above."""
