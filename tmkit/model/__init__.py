"""Pure data: translation units, their language variants, notes and props. No I/O here."""

from tmkit.model.unit import Note, Prop, TranslationUnit, Variant

__all__ = ["Note", "Prop", "TranslationUnit", "Variant"]
