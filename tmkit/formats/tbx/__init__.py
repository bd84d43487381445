"""TBX termbases, both directions: TBX 2008 (`martif`) and TBX v3 (`tbx`, TBX-Basic and other dialects).

    from tmkit.formats.tbx import read_tbx, write_tbx
    glossary = read_tbx("terms.tbx")
    write_tbx(glossary, "out.tbx", flavour="tbx-basic")

Field mapping, status mapping and the `tmkit:` markers: docs/reference/tbx.md.
"""

from tmkit.formats.tbx.mapping import FLAVOURS, TBX_V3_NS
from tmkit.formats.tbx.reader import read_tbx, tbx_flavour
from tmkit.formats.tbx.writer import TbxWriteStats, write_tbx

__all__ = ["FLAVOURS", "TBX_V3_NS", "TbxWriteStats", "read_tbx", "tbx_flavour", "write_tbx"]
