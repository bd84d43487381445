"""The typer command-line adapter: the only place that imports typer/rich, prints, or exits.

Each command parses options, calls one library function, and renders the result.
Layout: `app.py` (root app, global options), `tm.py` (the `tm` command group),
`output.py` (errors to exit codes, JSON, progress bars).
"""

from tmkit.cli.app import app, main

__all__ = ["app", "main"]
