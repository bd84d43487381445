# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate a deterministic, realistic EN/ZH TMX 1.4 file for benchmarks.

Usage:
    python bench/gen_tmx.py --out /tmp/bench.tmx [--units 1000000] [--seed 42]

The file is written in streaming fashion (a batch of units at a time), so
memory use stays constant whatever the unit count.  An ``--out`` name ending
in ``.gz`` is gzip-compressed.  The same seed and unit count always give a
byte-identical file (gzip output included: the header carries no timestamp
and no file name).

Content: English sentences of 5-40 words and Chinese sentences of 8-80 Han
characters built from the lists in ``_vocab.py``; about 5% of units carry
inline codes (a ``bpt``/``ept`` pair or a ``ph``), about 20% a
``<prop type="x-domain">`` and/or a ``<note>``.  Every ``tu`` has ``tuid``,
``creationdate`` and ``creationid``.
"""

import argparse
import gzip
import random
import sys
import time

import _vocab as V

SRC_LANG = "en-US"
TGT_LANG = "zh-CN"
BATCH = 2000
DATE_START = 1420070400  # 2015-01-01T00:00:00Z
DATE_SPAN = 10 * 365 * 86400
MIN_WORDS, MAX_WORDS = 5, 40
MIN_HAN, MAX_HAN = 8, 80

BPT = '<bpt i="1">&lt;b&gt;</bpt>'
EPT = '<ept i="1">&lt;/b&gt;</ept>'
PH = '<ph x="1">&lt;br/&gt;</ph>'


def escape(text):
    """Escape text for use in XML character data and attribute values."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def en_number(rng):
    """Return a number token such as '2019', '3.7', '42%' or '120 km'."""
    kind = rng.random()
    if kind < 0.3:
        return str(rng.randint(1950, 2030))
    if kind < 0.55:
        return f"{rng.randint(0, 99)}.{rng.randint(0, 9)}"
    if kind < 0.75:
        return f"{rng.randint(1, 99)}%"
    return f"{rng.randint(2, 9999)} {rng.choice(V.EN_UNITS)}"


def en_word(rng):
    """Pick one English token: a function word, content word, name or number."""
    r = rng.random()
    if r < 0.30:
        return rng.choice(V.EN_FUNCTION)
    if r < 0.88:
        return rng.choice(V.EN_CONTENT)
    if r < 0.94:
        return rng.choice(V.EN_NAMES)
    return en_number(rng)


def en_tokens(rng, n_words):
    """Build the tokens of one English sentence holding exactly n_words words."""
    tokens = []
    count = 0
    while count < n_words:
        token = en_word(rng)
        size = token.count(" ") + 1
        if count + size > n_words:
            token, size = rng.choice(V.EN_FUNCTION), 1
        tokens.append(token)
        count += size
    for i in range(1, len(tokens) - 1):
        if rng.random() < 0.07:
            tokens[i] += ","
    if rng.random() < 0.05:
        aside = rng.choice(V.EN_ASIDES)
        if count + aside.count(" ") + 1 <= MAX_WORDS:
            tokens.insert(rng.randint(1, len(tokens) - 1), aside)
    tokens[0] = tokens[0][:1].upper() + tokens[0][1:]
    tokens[-1] += rng.choice(V.EN_ENDINGS)
    return tokens


def zh_number(rng):
    """Return a digit token for Chinese text such as '2021', '3.5' or '42%'."""
    kind = rng.random()
    if kind < 0.4:
        return str(rng.randint(1950, 2030))
    if kind < 0.7:
        return f"{rng.randint(0, 99)}.{rng.randint(0, 9)}"
    return f"{rng.randint(1, 99)}%"


def zh_tokens(rng, n_han):
    """Build the pieces of one Chinese sentence holding exactly n_han Han characters."""
    pieces = []
    count = 0
    while count < n_han:
        r = rng.random()
        if r < 0.04:
            pieces.append(zh_number(rng))
            continue
        word = rng.choice(V.ZH_CONTENT) if r < 0.70 else rng.choice(V.ZH_FUNCTION)
        if count + len(word) > n_han:
            word = rng.choice(V.ZH_FUNCTION)
        if rng.random() < 0.03:
            left, right = rng.choice(V.ZH_ASIDES)
            word = left + word + right
            count -= 2
        pieces.append(word)
        count += len(word)
        if count < n_han and rng.random() < 0.07:
            pieces.append(rng.choice(V.ZH_COMMAS))
    pieces.append(rng.choice(V.ZH_ENDINGS))
    return pieces


def add_codes(en, zh, rng):
    """Escape both token lists and add the same inline code to each (in place)."""
    pair = rng.random() < 0.6
    for tokens in (en, zh):
        last = len(tokens) - 1
        if pair:
            start = rng.randint(0, last)
            end = rng.randint(start, last)
            tokens[start] = BPT + tokens[start]
            tokens[end] = tokens[end] + EPT
        else:
            tokens.insert(rng.randint(1, last), PH)


def seg_texts(rng):
    """Return the escaped EN and ZH segment contents of one unit."""
    n_words = int(rng.triangular(MIN_WORDS, MAX_WORDS + 1, 14))
    n_words = min(MAX_WORDS, n_words)
    n_han = int(n_words * rng.uniform(1.3, 2.0))
    n_han = min(MAX_HAN, max(MIN_HAN, n_han))
    en = [escape(t) for t in en_tokens(rng, n_words)]
    zh = [escape(t) for t in zh_tokens(rng, n_han)]
    if rng.random() < 0.05:
        add_codes(en, zh, rng)
    return " ".join(en), "".join(zh)


def tmx_date(seconds):
    """Format epoch seconds as a TMX date (YYYYMMDDThhmmssZ)."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(seconds))


def tu_xml(index, rng):
    """Return the XML of translation unit number ``index``."""
    created = DATE_START + rng.randrange(DATE_SPAN)
    attrs = f'tuid="tu-{index:07d}" creationdate="{tmx_date(created)}" creationid="{rng.choice(V.CREATORS)}"'
    if rng.random() < 0.10:
        changed = created + rng.randrange(400 * 86400)
        attrs += f' changedate="{tmx_date(changed)}" changeid="{rng.choice(V.CREATORS)}"'
    lines = [f"    <tu {attrs}>\n"]
    if rng.random() < 0.20:
        kind = rng.random()
        if kind < 0.55:
            lines.append(f"      <note>{escape(rng.choice(V.NOTES))}</note>\n")
        if kind >= 0.35:
            lines.append(f'      <prop type="x-domain">{rng.choice(V.DOMAINS)}</prop>\n')
    en, zh = seg_texts(rng)
    lines.append(f'      <tuv xml:lang="{SRC_LANG}"><seg>{en}</seg></tuv>\n')
    lines.append(f'      <tuv xml:lang="{TGT_LANG}"><seg>{zh}</seg></tuv>\n')
    lines.append("    </tu>\n")
    return "".join(lines)


def header_xml(units, seed):
    """Return everything before the first unit."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4">\n'
        '  <header creationtool="tmkit-bench" creationtoolversion="1.0" '
        'segtype="sentence" o-tmf="tmkit-bench" adminlang="en-US" '
        f'srclang="{SRC_LANG}" datatype="plaintext" '
        'creationdate="20250101T000000Z" creationid="tmkit-bench">\n'
        f'    <prop type="x-bench-seed">{seed}</prop>\n'
        f'    <prop type="x-bench-units">{units}</prop>\n'
        "  </header>\n"
        "  <body>\n"
    )


FOOTER = "  </body>\n</tmx>\n"


def open_output(path):
    """Open ``path`` for binary writing, gzip-compressed if it ends in .gz."""
    if str(path).endswith(".gz"):
        # Empty file name and mtime=0 keep the gzip header reproducible.
        return gzip.GzipFile(filename="", mode="wb", mtime=0, fileobj=open(path, "wb"))
    return open(path, "wb", buffering=1 << 20)


def write_tmx(path, units=1_000_000, seed=42):
    """Write a TMX file with ``units`` units generated from ``seed``."""
    rng = random.Random(seed)
    out = open_output(path)
    try:
        out.write(header_xml(units, seed).encode("utf-8"))
        for start in range(0, units, BATCH):
            stop = min(units, start + BATCH)
            chunk = "".join(tu_xml(i + 1, rng) for i in range(start, stop))
            out.write(chunk.encode("utf-8"))
        out.write(FOOTER.encode("utf-8"))
    finally:
        raw = getattr(out, "fileobj", None)
        out.close()
        if raw is not None:
            raw.close()


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="output path (.gz to compress)")
    parser.add_argument(
        "--units", "-n", type=int, default=1_000_000, help="number of translation units (default 1000000)"
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    began = time.perf_counter()
    write_tmx(args.out, args.units, args.seed)
    print(f"wrote {args.units} units to {args.out} in {time.perf_counter() - began:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
