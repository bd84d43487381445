"""The check families, one module each. Importing this package registers every check."""

from tmkit.qa.checks import memory, names, numbers, script, terminology, typography, variants

__all__ = ["memory", "names", "numbers", "script", "terminology", "typography", "variants"]
