"""tmkit: a bilingual English/Chinese translation-memory, glossary and QA toolkit.

The library is usable without the CLI:

    from tmkit.store import Memory
    with Memory.open("tmkit.db") as memory:
        report = memory.import_tmx(["file.tmx"])

See docs/reference for the public API and docs/explanation for how it works.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
