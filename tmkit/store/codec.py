"""How notes, props and attributes are stored: compact JSON, NULL when empty.

notes: `[{"text": ..., "lang": ..., "encoding": ...}]`; props: `[{"type": ..., "text": ...,
"lang": ..., "encoding": ...}]` (keys with no value left out); attrs: a JSON object with its keys
sorted (XML attribute order carries no meaning, and sorted keys make hashes and exports stable).
SQLite's JSON functions read them: `json_extract(props, '$[0].type')`.
"""

from __future__ import annotations

import json

from tmkit.model import Note, Prop

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


_dumps_sorted = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def dump_attrs(attrs: dict[str, str]) -> str | None:
    return _dumps_sorted(attrs) if attrs else None


def load_attrs(raw: str | None) -> dict[str, str]:
    return json.loads(raw) if raw else {}


def dump_notes(notes: list[Note]) -> str | None:
    if not notes:
        return None
    out = []
    for n in notes:
        d: dict[str, str] = {"text": n.text}
        if n.lang is not None:
            d["lang"] = n.lang
        if n.encoding is not None:
            d["encoding"] = n.encoding
        out.append(d)
    return _dumps(out)


def load_notes(raw: str | None) -> list[Note]:
    if not raw:
        return []
    return [Note(d["text"], d.get("lang"), d.get("encoding")) for d in json.loads(raw)]


def dump_props(props: list[Prop]) -> str | None:
    if not props:
        return None
    out = []
    for p in props:
        d: dict[str, str] = {"type": p.type, "text": p.text}
        if p.lang is not None:
            d["lang"] = p.lang
        if p.encoding is not None:
            d["encoding"] = p.encoding
        out.append(d)
    return _dumps(out)


def load_props(raw: str | None) -> list[Prop]:
    if not raw:
        return []
    return [Prop(d["type"], d["text"], d.get("lang"), d.get("encoding")) for d in json.loads(raw)]
