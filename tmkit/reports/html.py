"""HTML: one self-contained page an editor opens in a browser.

The page has, in order: a header with the totals; a summary by severity and by check; filters
(severity and check checkboxes, a text filter, "only paragraphs with findings"), in plain
JavaScript; then each draft as it is, with every finding's span highlighted in place and a list of
its findings, each linking to its highlight.

* A monolingual draft is shown paragraph by paragraph, with its line numbers; a bilingual draft
  (TMX, XLIFF, PO, parallel files) as a table of segments, source | target.
* A highlight is coloured by the worst severity of the findings on it; its tooltip gives each
  finding's severity, check id, message and suggestion. Findings whose spans overlap are split
  into pieces at every span boundary, so each piece knows all the findings on it (no per-character
  elements: a large draft stays about the size of its text). A zero-width span (a missing
  character) is a caret. The other places of a variant are outlined, not filled.
* Everything from the draft is escaped. The filters read what they need from the page itself
  (each list item's `data-sev` and `data-check`, each highlight's `data-f` finding numbers). No
  external resources: no fonts, scripts, styles or images are fetched.
* The memory (`--memory`), and any draft of more than 2,000 segments, shows only the segments
  with findings.

docs/reference/qa-reports.md describes the page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

import tmkit
from tmkit.qa.base import Finding, Location, Severity
from tmkit.qa.document import Document, Text
from tmkit.qa.registry import get_check
from tmkit.qa.runner import QAResult

#: drafts with more segments than this show only the segments with findings
MAX_FULL_SEGMENTS = 2000

_SEVERITIES = [s.label for s in sorted(Severity, reverse=True)]  # critical first


def _e(text: object) -> str:
    """An attribute value (always written in double quotes): & < > " escaped."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _t(text: str) -> str:
    """Text content: escaped, with the characters HTML cannot show written visibly."""
    return escape(text, quote=False).replace("\x00", "\ufffd")


def _suggestion(f: Finding) -> str:
    if f.suggestion is None:
        return ""
    return "delete it" if f.suggestion == "" else f.suggestion


def _tooltip(f: Finding) -> str:
    tip = f"{f.severity.label} · {f.check}: {f.message}"
    if f.suggestion is not None:
        tip += f" → {_suggestion(f)}"
    return tip


class _Span:
    __slots__ = ("start", "end", "fid", "related", "anchor")

    def __init__(self, start: int, end: int, fid: int, related: bool, anchor: str) -> None:
        self.start, self.end, self.fid, self.related, self.anchor = start, end, fid, related, anchor


class _Page:
    def __init__(self, result: QAResult) -> None:
        self.result = result
        self.findings = list(result.findings)
        self.fid = {id(f): n for n, f in enumerate(self.findings, 1)}
        #: (file, unit, side) -> texts, to find the text a location is in
        self.texts: dict[tuple[str, str | None, str | None], list[Text]] = defaultdict(list)
        self.doc_of_file: dict[str, int] = {}
        for n, doc in enumerate(result.docs, 1):
            self.doc_of_file.setdefault(doc.path, n)
            if doc.target_path:
                self.doc_of_file.setdefault(doc.target_path, n)
            for seg in doc.segments:
                for t in seg.texts():
                    self.texts[(t.file, t.unit, t.side)].append(t)
        #: id(Text) -> spans on it
        self.spans: dict[int, list[_Span]] = defaultdict(list)
        #: finding id -> anchor of its highlight, when it has one
        self.anchor: dict[int, str] = {}
        self.related_anchor: dict[tuple[int, int], str] = {}
        for f in self.findings:
            n = self.fid[id(f)]
            t = self._text_of(f.location)
            if t is not None:
                self.anchor[n] = f"f{n}"
                self.spans[id(t)].append(_Span(f.location.offset, f.location.end_offset, n, False, f"f{n}"))
            for k, r in enumerate(f.related, 1):
                t = self._text_of(r)
                if t is not None:
                    a = f"f{n}r{k}"
                    self.related_anchor[(n, k)] = a
                    self.spans[id(t)].append(_Span(r.offset, r.end_offset, n, True, a))

    def _text_of(self, loc: Location) -> Text | None:
        """The text `loc` is a span of (checked: the span text must be there)."""
        for t in self.texts.get((loc.file, loc.unit, loc.side), ()):
            if 0 <= loc.offset <= loc.end_offset <= len(t.text) and t.text[loc.offset : loc.end_offset] == loc.text:
                return t
        return None

    # -- the draft ------------------------------------------------------------------------------

    def marked(self, t: Text) -> str:
        """The text of `t`, escaped, with its findings' spans as <mark> pieces."""
        s = t.text
        spans = self.spans.get(id(t))
        if not spans:
            return _t(s)
        points = sorted({0, len(s)} | {sp.start for sp in spans} | {sp.end for sp in spans})
        out: list[str] = []
        for i, p in enumerate(points):
            for sp in spans:
                if sp.start == p and sp.end > p:
                    out.append(f'<a class="anchor" id="{sp.anchor}"></a>')
            for sp in spans:
                if sp.start == p == sp.end:
                    f = self.findings[sp.fid - 1]
                    role = " data-rel" if sp.related else ""
                    out.append(
                        f'<a class="anchor" id="{sp.anchor}"></a>'
                        f'<mark class="hl zero" data-f="{sp.fid}" data-sev="{f.severity.label}"'
                        f'{role} title="{_e(_tooltip(f))}"></mark>'
                    )
            if i + 1 == len(points):
                break
            q = points[i + 1]
            piece = s[p:q]
            on = [sp for sp in spans if sp.start <= p and q <= sp.end and sp.start < sp.end]
            if not on:
                out.append(_t(piece))
                continue
            ids = sorted({sp.fid for sp in on})
            primary = sorted({sp.fid for sp in on if not sp.related})
            shown = [self.findings[n - 1] for n in (primary or ids)]
            worst = max(shown, key=lambda f: f.severity).severity.label
            tip = "\n".join(_tooltip(self.findings[n - 1]) for n in ids)
            attrs = f' data-f="{" ".join(map(str, ids))}" data-sev="{worst}"'
            if not primary:
                attrs += " data-rel"
            elif primary != ids:
                attrs += f' data-p="{" ".join(map(str, primary))}"'
            cls = "hl multi" if len(ids) > 1 else "hl"
            out.append(f'<mark class="{cls}"{attrs} title="{_e(tip)}">{_t(piece)}</mark>')
        return "".join(out)

    def _seg_ids(self, *texts: Text | None) -> list[int]:
        ids: set[int] = set()
        for t in texts:
            if t is not None:
                ids.update(sp.fid for sp in self.spans.get(id(t), ()))
        return sorted(ids)

    def document(self, n: int, doc: Document, findings: list[Finding]) -> str:
        out: list[str] = []
        segments = doc.segments
        partial = doc.kind == "memory" or len(segments) > MAX_FULL_SEGMENTS
        title = doc.path + (f" + {doc.target_path}" if doc.target_path else "")
        langs = ", ".join(doc.langs()) or "no text"
        out.append(f'<section class="doc" id="d{n}">')
        out.append(f"<h2>{_t(title)}</h2>")
        out.append(
            f'<p class="meta">{_e(doc.kind)} · {len(segments)} segment{"s" if len(segments) != 1 else ""} · '
            f"{_e(langs)} · {len(findings)} finding{'s' if len(findings) != 1 else ''}</p>"
        )
        if partial:
            out.append('<p class="note">Only the segments with findings are shown.</p>')
        if doc.bilingual:
            src = doc.source_lang or "source"
            tgt = doc.target_lang or "target"
            out.append('<table class="bi"><thead><tr><th>segment</th>')
            out.append(f"<th>source ({_e(src)})</th><th>target ({_e(tgt)})</th></tr></thead><tbody>")
            for seg in segments:
                ids = self._seg_ids(seg.source, seg.target)
                if partial and not ids:
                    continue
                cells = []
                for t in (seg.source, seg.target):
                    if t is None:
                        cells.append('<td class="missing">—</td>')
                    else:
                        cells.append(f'<td lang="{_e(t.lang)}">{self.marked(t)}</td>')
                where = seg.source or seg.target
                line = f' title="line {where.line}"' if where is not None else ""
                out.append(
                    f'<tr class="seg" data-f="{" ".join(map(str, ids))}"><td class="id"{line}>{_t(seg.id)}</td>'
                    + "".join(cells)
                    + "</tr>"
                )
            out.append("</tbody></table>")
        else:
            out.append('<div class="draft">')
            for seg in segments:
                t = seg.source
                if t is None:
                    continue
                ids = self._seg_ids(t)
                if partial and not ids:
                    continue
                out.append(
                    f'<div class="seg" data-f="{" ".join(map(str, ids))}"><span class="ln">{t.line}</span>'
                    f'<p lang="{_e(t.lang)}">{self.marked(t)}</p></div>'
                )
            out.append("</div>")
        out.append(self.finding_list(findings))
        out.append("</section>")
        return "\n".join(out)

    # -- the findings lists ---------------------------------------------------------------------

    def _where(self, loc: Location) -> str:
        where = f"{loc.file}:{loc.line}:{loc.column}"
        if loc.segment is not None:
            where += f" [{loc.segment}{'/' + loc.side if loc.side else ''}]"
        return where

    def finding_list(self, findings: list[Finding]) -> str:
        if not findings:
            return '<p class="none">No findings.</p>'
        out = ['<h3>Findings</h3><ol class="findings">']
        for f in findings:
            n = self.fid[id(f)]
            loc = f.location
            where = _t(self._where(loc))
            if n in self.anchor:
                where = f'<a href="#{self.anchor[n]}">{where}</a>'
            parts = [
                f'<li class="finding" id="l{n}" data-f="{n}" data-sev="{f.severity.label}" data-check="{_e(f.check)}">',
                f"{where} ",
                f'<span class="sev" data-sev="{f.severity.label}">{f.severity.label}</span> ',
                f'<code class="check">{_t(f.check)}</code> ',
                f'<span class="msg">{_t(f.message)}</span>',
            ]
            parts.append(f' <q class="span">{_t(loc.text)}</q>')
            if f.suggestion is not None:
                parts.append(f' → <q class="sugg">{_t(_suggestion(f))}</q>')
            if n not in self.anchor and loc.context:
                parts.append(f'<div class="ctx">{_t(loc.context)}</div>')
            if f.related:
                rel = []
                for k, r in enumerate(f.related, 1):
                    label = f"{_t(self._where(r))} <q>{_t(r.text)}</q>"
                    a = self.related_anchor.get((n, k))
                    rel.append(f'<a href="#{a}">{label}</a>' if a else label)
                parts.append('<div class="rel">also: ' + "; ".join(rel) + "</div>")
            parts.append("</li>")
            out.append("".join(parts))
        out.append("</ol>")
        return "\n".join(out)

    # -- the page -------------------------------------------------------------------------------

    def summary(self) -> str:
        r = self.result
        counts = r.counts()
        out = ['<section id="summary"><h2>Summary</h2><div class="tables">']
        out.append('<table class="by-severity"><thead><tr><th>severity</th><th>findings</th></tr></thead><tbody>')
        for label in _SEVERITIES:
            out.append(
                f'<tr><td><span class="sev" data-sev="{label}">{label}</span></td><td class="n">{counts.get(label, 0)}</td></tr>'
            )
        out.append("</tbody></table>")
        by_check: dict[str, Counter[str]] = defaultdict(Counter)
        for f in self.findings:
            by_check[f.check][f.severity.label] += 1
        ids = list(r.checks) + sorted(c for c in by_check if c not in r.checks)
        out.append('<table class="by-check"><thead><tr><th>check</th><th>family</th>')
        out.append("".join(f"<th>{label}</th>" for label in _SEVERITIES))
        out.append("<th>total</th><th>what it catches</th></tr></thead><tbody>")
        for cid in ids:
            try:
                cls = get_check(cid)
                family, description = cls.family, cls.description
            except KeyError:
                family, description = "", ""
            c = by_check.get(cid, Counter())
            cells = "".join(f'<td class="n">{c.get(label, 0) or ""}</td>' for label in _SEVERITIES)
            out.append(
                f'<tr data-check="{_e(cid)}"><td><code>{_t(cid)}</code></td><td>{_t(family)}</td>{cells}'
                f'<td class="n">{sum(c.values())}</td><td>{_t(description)}</td></tr>'
            )
        for cid, why in sorted(r.skipped_checks.items()):
            out.append(
                f'<tr class="skipped"><td><code>{_t(cid)}</code></td><td colspan="{len(_SEVERITIES) + 3}">'
                f"did not run: {_t(why)}</td></tr>"
            )
        out.append("</tbody></table></div></section>")
        return "\n".join(out)

    def filters(self) -> str:
        if not self.findings:
            return ""
        sev_count = Counter(f.severity.label for f in self.findings)
        check_count = Counter(f.check for f in self.findings)
        out = ['<section id="filters"><h2>Filters</h2><form onsubmit="return false">']
        out.append("<fieldset><legend>severity</legend>")
        for label in _SEVERITIES:
            if sev_count.get(label):
                out.append(
                    f'<label><input type="checkbox" class="f-sev" value="{label}" checked> '
                    f'<span class="sev" data-sev="{label}">{label}</span> ({sev_count[label]})</label>'
                )
        out.append("</fieldset><fieldset><legend>check</legend>")
        for cid in sorted(check_count):
            out.append(
                f'<label><input type="checkbox" class="f-check" value="{_e(cid)}" checked> '
                f"<code>{_t(cid)}</code> ({check_count[cid]})</label>"
            )
        out.append("</fieldset><fieldset><legend>text</legend>")
        out.append('<input type="search" id="f-text" placeholder="message, span, suggestion, file">')
        out.append('<label><input type="checkbox" id="f-only"> only segments with findings</label>')
        out.append(f'<span id="f-shown">{len(self.findings)} of {len(self.findings)} findings shown</span>')
        out.append("</fieldset></form></section>")
        return "\n".join(out)

    def render(self) -> str:
        r = self.result
        counts = r.counts()
        total = len(self.findings)
        docs = len(r.documents) or len(r.docs)
        fail = r.fail_on
        if fail is None:
            verdict = "--fail-on is off"
        elif r.failed:
            verdict = f"FAILS: findings at or above {fail.label}"
        else:
            verdict = f"passes: nothing at or above {fail.label}"
        totals = ", ".join(f"{counts[s]} {s}" for s in _SEVERITIES if counts.get(s))
        head = f"{total} finding{'s' if total != 1 else ''} in {docs} draft{'s' if docs != 1 else ''}" + (
            f": {totals}" if totals else ""
        )
        extra = []
        if r.suppressed:
            extra.append(f"{r.suppressed} suppressed inline")
        if r.baselined:
            extra.append(f"{r.baselined} in the baseline")
        if r.skipped_checks:
            extra.append(f"{len(r.skipped_checks)} checks did not run")
        body: list[str] = [
            "<header>",
            "<h1>tmkit QA report</h1>",
            f'<p class="totals">{_t(head)}</p>',
            f'<p class="verdict" data-failed="{"yes" if r.failed else "no"}">{_t(verdict)}'
            + (f" · {_t(', '.join(extra))}" if extra else "")
            + f" · {len(r.checks)} checks ran · tmkit {_t(tmkit.__version__)}</p>",
            "</header>",
            "<main>",
        ]
        if not self.findings:
            body.append('<p class="none" id="no-findings">No findings.</p>')
        body.append(self.summary())
        body.append(self.filters())
        placed: set[int] = set()
        for n, doc in enumerate(r.docs, 1):
            files = {doc.path, doc.target_path}
            mine = [f for f in self.findings if f.location.file in files and self.doc_of_file.get(f.location.file) == n]
            placed.update(id(f) for f in mine)
            body.append(self.document(n, doc, mine))
        rest = [f for f in self.findings if id(f) not in placed]
        if rest:
            body.append('<section class="doc" id="other"><h2>Other findings</h2>')
            body.append(self.finding_list(rest))
            body.append("</section>")
        body.append("</main>")
        body.append(f"<script>{_JS}</script>")
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="tmkit ' + _e(tmkit.__version__) + '">\n'
            "<title>tmkit QA report</title>\n"
            f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
        )


def render_html(result: QAResult) -> str:
    """The HTML report of a QA run: one self-contained page (see the module's docstring)."""
    return _Page(result).render()


_CSS = """
:root{--critical:#b00020;--major:#d35400;--minor:#b7950b;--info:#1f6fb2;
--critical-bg:#f9d0d6;--major-bg:#fde0c8;--minor-bg:#fcf3b5;--info-bg:#d6e9f8}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB",
"Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;color:#222;background:#fff}
header{background:#f4f4f4;border-bottom:1px solid #ddd;padding:.6em 1.2em}
header h1{margin:0;font-size:1.3em}
main{padding:0 1.2em 3em}
.verdict[data-failed=yes]{color:var(--critical);font-weight:600}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
td.n{text-align:right}
.tables{display:flex;gap:2em;flex-wrap:wrap;align-items:flex-start}
.sev{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;font-size:.85em}
.sev[data-sev=critical]{background:var(--critical)}.sev[data-sev=major]{background:var(--major)}
.sev[data-sev=minor]{background:var(--minor)}.sev[data-sev=info]{background:var(--info)}
fieldset{display:inline-block;border:1px solid #ddd;margin:0 1em .5em 0;vertical-align:top}
fieldset label{display:inline-block;margin-right:1em}
#f-text{width:20em}
.draft{font-size:1.05em}
.seg{display:flex;gap:.8em}
.seg p{margin:.35em 0;white-space:pre-wrap;flex:1}
.ln{color:#999;min-width:3em;text-align:right;font-size:.85em;padding-top:.5em;user-select:none}
table.bi{width:100%;table-layout:fixed}
table.bi td{white-space:pre-wrap}
table.bi td.id,table.bi th:first-child{width:7em;color:#666;font-size:.85em;overflow-wrap:anywhere}
td.missing{color:#aaa}
mark.hl{background:none;color:inherit;cursor:help;border-bottom:2px solid;padding:0}
mark.hl[data-sev=critical]{background:var(--critical-bg);border-color:var(--critical)}
mark.hl[data-sev=major]{background:var(--major-bg);border-color:var(--major)}
mark.hl[data-sev=minor]{background:var(--minor-bg);border-color:var(--minor)}
mark.hl[data-sev=info]{background:var(--info-bg);border-color:var(--info)}
mark.hl.multi{border-bottom-width:4px}
mark.hl[data-rel]{background:none;border-bottom-style:dotted}
mark.hl.zero::before{content:"\\2038";font-weight:bold}
mark.hl.off{background:none;border:none;cursor:auto}
mark.hl.zero.off::before{content:none}
mark.hl.flash{outline:2px solid #000}
ol.findings li{margin:.25em 0}
ol.findings q{background:#f4f4f4;padding:0 .2em;white-space:pre-wrap}
.ctx,.rel{color:#555;font-size:.9em;white-space:pre-wrap}
.none{color:#2e7d32;font-weight:600}
.note{color:#666;font-style:italic}
.meta{color:#666;margin-top:0}
[hidden]{display:none!important}
"""

_JS = r"""
(function(){
var ORDER={critical:3,major:2,minor:1,info:0},SEV={},ITEMS={};
function $$(s){return Array.prototype.slice.call(document.querySelectorAll(s));}
$$('li.finding').forEach(function(li){SEV[li.dataset.f]=li.dataset.sev;ITEMS[li.dataset.f]=li;});
function ids(el,a){var s=el.getAttribute(a);return s?s.split(' '):[];}
function visible(){
  var sev={},chk={},t=document.getElementById('f-text'),q=t?t.value.toLowerCase().trim():'',v={};
  $$('input.f-sev').forEach(function(b){if(b.checked)sev[b.value]=1;});
  $$('input.f-check').forEach(function(b){if(b.checked)chk[b.value]=1;});
  Object.keys(ITEMS).forEach(function(id){var li=ITEMS[id];
    v[id]=!!(sev[li.dataset.sev]&&chk[li.dataset.check]&&(!q||li.textContent.toLowerCase().indexOf(q)>=0));});
  return v;
}
function apply(){
  var v=visible(),shown=0;
  Object.keys(ITEMS).forEach(function(id){ITEMS[id].hidden=!v[id];if(v[id])shown++;});
  $$('mark.hl').forEach(function(m){
    var all=ids(m,'data-f').filter(function(i){return v[i];}),p=ids(m,'data-p').filter(function(i){return v[i];});
    var use=p.length?p:all;
    m.classList.toggle('off',!use.length);
    if(use.length){var best=use.reduce(function(a,b){return ORDER[SEV[a]]>=ORDER[SEV[b]]?a:b;});
      m.setAttribute('data-sev',SEV[best]);}
  });
  var only=document.getElementById('f-only');
  $$('.seg').forEach(function(s){
    s.hidden=!!(only&&only.checked)&&!ids(s,'data-f').some(function(i){return v[i];});});
  var c=document.getElementById('f-shown');
  if(c)c.textContent=shown+' of '+Object.keys(ITEMS).length+' findings shown';
}
$$('#filters input').forEach(function(i){i.addEventListener('input',apply);i.addEventListener('change',apply);});
$$('mark.hl').forEach(function(m){m.addEventListener('click',function(){
  var li=ITEMS[ids(m,'data-p')[0]||ids(m,'data-f')[0]];
  if(li){li.scrollIntoView({block:'center'});}});});
window.addEventListener('hashchange',function(){
  $$('mark.flash').forEach(function(m){m.classList.remove('flash');});
  var a=document.getElementById(location.hash.slice(1));
  while(a&&a.tagName==='A'&&a.className==='anchor'){a=a.nextElementSibling;}
  if(a&&a.tagName==='MARK'){a.classList.add('flash');}
});
apply();
})();
"""
