"""Layer 4, teaching: the exercises, their variants, the answer reader, student notebooks and worksheets,
grading and its sandbox. Imports only the layers below (analysis, data, quantities)."""
