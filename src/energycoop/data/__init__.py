"""Layer 2, data: where the collection's files are, the schema and loaders of data/, the derived tables
notebooks write and read, notebook parameters. Imports only quantities."""
