"""Layer 3, analysis: the claims audit and its verdict rules, uncertainty, headlines, scenarios, and the
plot style. Imports only data and quantities."""
