"""Streaming TMX 1.4b writer: constant memory, deterministic bytes, valid against tmx14.dtd.

* The header carries all seven required attributes, `creationtool="tmkit"` and its version;
  `creationdate` only when asked (leave it out and the same memory gives the same bytes).
* Attributes TMX 1.4 does not define for `<tu>`/`<tuv>` are left out and counted.
* Characters XML 1.0 cannot carry become `<ph type="x-tmkit-char">U+0001</ph>` in segments
  (and are restored on import); in notes, props and attributes they are removed. Both are counted.
* Output goes to a temporary file renamed into place at the end, so an interrupted export never
  leaves half a TMX behind; missing parent folders are created. A name ending in `.gz` is gzip-compressed (with a fixed mtime).
"""

from __future__ import annotations

import gzip
import os
import re
import tempfile
from dataclasses import dataclass
from typing import IO

from tmkit import __version__
from tmkit.errors import UsageError
from tmkit.formats.tmx.inline import _SEG_SPECIAL, escape_segment
from tmkit.model import Note, Prop, TranslationUnit
from tmkit.text.langtags import style_lang
from tmkit.text.xmlchars import ILLEGAL_XML_CHARS, escape_attr, escape_text

TU_ATTRS = frozenset(
    {
        "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion",
        "creationdate", "creationid", "changedate", "segtype", "changeid", "o-tmf",
    }
)  # fmt: skip
TUV_ATTRS = frozenset(
    {
        "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion",
        "creationdate", "creationid", "changedate", "o-tmf", "changeid",
    }
)  # fmt: skip
SEGTYPES = ("block", "paragraph", "sentence", "phrase")
_DATE_ATTRS = ("creationdate", "creationid", "changedate", "changeid")  # as stored, promoted
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


@dataclass
class WriteStats:
    units: int = 0
    variants: int = 0
    illegal_chars: int = 0
    dropped_attrs: int = 0


class TmxWriter:
    """Write units one by one: `with TmxWriter(path, srclang="en") as w: w.write_unit(u)`."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        srclang: str | None,
        lang_style: str = "zh-CN",
        creationdate: str | None = None,
        segtype: str = "sentence",
        datatype: str = "plaintext",
        adminlang: str = "en",
        udes: list[str] | None = None,
        fragment: bool = False,
    ) -> None:
        """`fragment=True` writes only `<tu>` elements (no declaration, header or body tags, no
        compression): a part that another writer adds with `append_fragment`."""
        self.path = os.fspath(path)
        self.fragment = fragment
        self.lang_style = lang_style
        style_lang("en", lang_style)  # fail early on an unknown style
        self.srclang = srclang
        self.stats = WriteStats()
        self._langs: dict[tuple[str, str | None], str] = {}
        # per language: the "<tuv xml:lang=...>" line, and the illegal characters dropped from it
        self._tuv_open: dict[tuple[str, str | None], tuple[str, int]] = {}
        directory = os.path.dirname(os.path.abspath(self.path))
        try:
            os.makedirs(directory, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(prefix=".tmkit-", suffix=".tmx.part", dir=directory)
        except OSError as e:
            raise UsageError(f"cannot write {self.path}: {e.strerror}", hint="choose another output path") from None
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._tmp, 0o666 & ~umask)
        raw = os.fdopen(fd, "wb")
        self._raw = raw
        if self.path.endswith(".gz") and not fragment:
            self._bin: IO[bytes] = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
        else:
            self._bin = raw
        self._buf: list[str] = []
        self._closed = False
        if fragment:
            return
        header_src = style_lang(srclang, lang_style) if srclang else "*all*"
        attrs = [
            ("creationtool", "tmkit"),
            ("creationtoolversion", __version__),
            ("segtype", segtype if segtype in SEGTYPES else "sentence"),
            ("o-tmf", "tmkit"),
            ("adminlang", adminlang),
            ("srclang", header_src),
            ("datatype", datatype),
        ]
        if creationdate:
            attrs.append(("creationdate", creationdate))
        head = "".join(f' {k}="{escape_attr(v)}"' for k, v in attrs)
        self._buf.append('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        if udes:
            self._buf.append(f"  <header{head}>\n")
            self._buf.extend(f"    {u}\n" for u in udes)
            self._buf.append("  </header>\n")
        else:
            self._buf.append(f"  <header{head}/>\n")
        self._buf.append("  <body>\n")

    # -- writing ---------------------------------------------------------------------------------

    def write_unit(self, unit: TranslationUnit) -> None:
        buf = self._buf
        attrs = []
        if unit.tuid is not None:
            attrs.append(("tuid", unit.tuid))
        attrs.extend(self._allowed(unit.attrs, TU_ATTRS))
        if unit.srclang and unit.srclang != self.srclang:
            attrs.append(("srclang", style_lang(unit.srclang, self.lang_style)))
        buf.append(f"    <tu{self._attrs(attrs)}>\n")
        if unit.notes or unit.props:
            self._meta(unit.notes, unit.props, "      ")
        for v in unit.variants:
            lang = self._lang(v.lang, v.lang_orig)
            vattrs = [("xml:lang", lang), *self._allowed(v.attrs, TUV_ATTRS)] if v.attrs else [("xml:lang", lang)]
            buf.append(f"      <tuv{self._attrs(vattrs)}>\n")
            if v.notes or v.props:
                self._meta(v.notes, v.props, "        ")
            body, bad = escape_segment(v.content, v.markup is not None)
            self.stats.illegal_chars += bad
            buf.append(f"        <seg>{body}</seg>\n      </tuv>\n")
            self.stats.variants += 1
        buf.append("    </tu>\n")
        self.stats.units += 1
        if len(buf) > 4096:
            self._flush()

    def write_simple_unit(
        self,
        tuid: str | None,
        srclang: str | None,
        dates: tuple[str | None, str | None, str | None, str | None],
        notes: list[Note] | None,
        props: list[Prop] | None,
        variants: list[tuple[str, str | None, str, str | None]],
    ) -> None:
        """`write_unit` for a unit whose only attributes are tuid, srclang and the creation and
        change date and id (in that order), and whose variants have no attributes, notes or
        props: `variants` holds (lang, lang_orig, text, markup). Writes the same bytes as
        `write_unit` would for that unit, with less work per unit."""
        buf = self._buf
        cdate, cid, chdate, chid = dates
        if (srclang and srclang != self.srclang) or _ATTR_SPECIAL.search(f"{tuid}{cdate}{cid}{chdate}{chid}"):
            attrs = [] if tuid is None else [("tuid", tuid)]
            attrs.extend((name, value) for name, value in zip(_DATE_ATTRS, dates) if value is not None)  # noqa: B905
            if srclang and srclang != self.srclang:
                attrs.append(("srclang", style_lang(srclang, self.lang_style)))
            buf.append(f"    <tu{self._attrs(attrs)}>\n")
        else:  # nothing to escape or restyle: the common case
            buf.append(
                "    <tu"
                + ("" if tuid is None else f' tuid="{tuid}"')
                + ("" if cdate is None else f' creationdate="{cdate}"')
                + ("" if cid is None else f' creationid="{cid}"')
                + ("" if chdate is None else f' changedate="{chdate}"')
                + ("" if chid is None else f' changeid="{chid}"')
                + ">\n"
            )
        if notes or props:
            self._meta(notes or [], props or [], "      ")
        stats = self.stats
        opening = self._tuv_open
        for lang, original, text, markup in variants:
            key = (lang, original)
            cached = opening.get(key)
            if cached is None:
                before = stats.illegal_chars
                tuv = f"      <tuv{self._attrs([('xml:lang', self._lang(lang, original))])}>\n"
                cached = opening[key] = (tuv, stats.illegal_chars - before)
            else:
                tuv = cached[0]
                stats.illegal_chars += cached[1]  # counted every time, as write_unit does
            if markup is None:
                if _SEG_SPECIAL.search(text) is None:
                    buf.append(f"{tuv}        <seg>{text}</seg>\n      </tuv>\n")
                    continue
                body, bad = escape_segment(text, False)
            else:
                body, bad = escape_segment(markup, True)
            stats.illegal_chars += bad
            buf.append(f"{tuv}        <seg>{body}</seg>\n      </tuv>\n")
        stats.variants += len(variants)
        buf.append("    </tu>\n")
        stats.units += 1
        if len(buf) > 4096:
            self._flush()

    def _lang(self, tag: str, original: str | None) -> str:
        key = (tag, original)
        styled = self._langs.get(key)
        if styled is None:
            styled = self._langs[key] = style_lang(tag, self.lang_style, original)
        return styled

    def _allowed(self, attrs: dict[str, str], allowed: frozenset[str]) -> list[tuple[str, str]]:
        out = []
        for k, v in attrs.items():
            if k in allowed:
                out.append((k, v))
            else:
                self.stats.dropped_attrs += 1
        return out

    def _attrs(self, attrs: list[tuple[str, str]]) -> str:
        parts = []
        for k, v in attrs:
            if _ATTR_SPECIAL.search(v) is not None:  # one scan decides; most values need nothing
                v = escape_attr(self._clean(v))
            parts.append(f' {k}="{v}"')
        return "".join(parts)

    def _clean(self, s: str) -> str:
        if ILLEGAL_XML_CHARS.search(s):
            self.stats.illegal_chars += len(ILLEGAL_XML_CHARS.findall(s))
            return ILLEGAL_XML_CHARS.sub("", s)
        return s

    def _meta(self, notes: list[Note], props: list[Prop], indent: str) -> None:
        for n in notes:
            a = self._attrs([(k, v) for k, v in (("xml:lang", n.lang), ("o-encoding", n.encoding)) if v is not None])
            self._buf.append(f"{indent}<note{a}>{escape_text(self._clean(n.text))}</note>\n")
        for p in props:
            pairs = [("type", p.type), ("xml:lang", p.lang), ("o-encoding", p.encoding)]
            a = self._attrs([(k, v) for k, v in pairs if v is not None])
            self._buf.append(f"{indent}<prop{a}>{escape_text(self._clean(p.text))}</prop>\n")

    def append_fragment(self, path: str, stats: WriteStats) -> None:
        """Add the units a fragment writer wrote to `path` (with its `stats`) after those
        written so far."""
        self._flush()
        with open(path, "rb") as part:
            while chunk := part.read(1 << 20):
                self._bin.write(chunk)
        for name in ("units", "variants", "illegal_chars", "dropped_attrs"):
            setattr(self.stats, name, getattr(self.stats, name) + getattr(stats, name))

    def _flush(self) -> None:
        self._bin.write("".join(self._buf).encode("utf-8"))
        self._buf.clear()

    # -- closing ---------------------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        if not self.fragment:
            self._buf.append("  </body>\n</tmx>\n")
        self._flush()
        if self._bin is not self._raw:
            self._bin.close()
        self._raw.close()
        os.replace(self._tmp, self.path)
        self._closed = True

    def abort(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._raw.close()
        finally:
            if os.path.exists(self._tmp):
                os.unlink(self._tmp)

    def __enter__(self) -> TmxWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
