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


def _compact(items: list[dict[str, str | None]]) -> str:
    return _dumps([{k: v for k, v in d.items() if v is not None} for d in items])


def dump_notes(notes: list[Note]) -> str | None:
    if not notes:
        return None
    return _compact([{"text": n.text, "lang": n.lang, "encoding": n.encoding} for n in notes])


def load_notes(raw: str | None) -> list[Note]:
    if not raw:
        return []
    return [Note(d["text"], d.get("lang"), d.get("encoding")) for d in json.loads(raw)]


def dump_props(props: list[Prop]) -> str | None:
    if not props:
        return None
    return _compact([{"type": p.type, "text": p.text, "lang": p.lang, "encoding": p.encoding} for p in props])


def load_props(raw: str | None) -> list[Prop]:
    if not raw:
        return []
    return [Prop(d["type"], d["text"], d.get("lang"), d.get("encoding")) for d in json.loads(raw)]
