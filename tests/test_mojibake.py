import pytest

from tmkit.text.mojibake import looks_like_mojibake, repair_mojibake, repair_pieces


@pytest.mark.parametrize(
    ("broken", "fixed", "read_as", "real"),
    [
        # from the Heartsome fixture: GBK bytes decoded as Latin-1
        ("µÄ¶ú»ú", "的耳机", "latin-1", "gbk"),
        ("ÊÓÆµ¶Ô»°Ê±ÓÃÓÚÌý¶Ô·½µÄÉùÒô¡£", "视频对话时用于听对方的声音。", "latin-1", "gbk"),
        # UTF-8 bytes decoded as Windows-1252
        ("è§†é¢‘", "视频", "cp1252", "utf-8"),
    ],
)
def test_exact_repairs(broken, fixed, read_as, real):
    r = repair_mojibake(broken)
    assert r is not None
    assert (r.repaired, r.read_as, r.real_encoding) == (fixed, read_as, real)
    assert r.repaired.encode(real).decode(read_as) == broken  # provably reversible


@pytest.mark.parametrize(
    "text",
    [
        "Grup de Recerca Tradumàtica",  # Catalan in a zh-CN segment: decodes to 鄑, a rare character
        "×",
        "Briac Pilpré",
        "“{0}”({1})",
        "projectAccessSourceMenuItem\xa0",
        "的耳机",
        "plain ASCII",
        "¤¡",  # Big5 for 乙, GBK for ぁ: one character is not evidence enough (found by hypothesis)
        "µÄ",  # 的: a single repaired character is left alone
        "RÃ©sumÃ©",  # UTF-8 read as Latin-1 decodes via GBK to R茅sum茅: reversible, but not Chinese
        "Ã©Ã©Ã©xyz",
        "",
    ],
)
def test_not_mojibake(text):
    assert repair_mojibake(text) is None


def test_lone_high_characters_are_not_suspicious():
    assert not looks_like_mojibake("Café")
    assert looks_like_mojibake("µÄ¶ú»ú")


def test_pieces_around_inline_codes():
    out = repair_pieces(["ÊÓÆµ", " SPC505 ", "¶Ô»°"])
    assert out is not None
    pieces, repair = out
    assert pieces == ["视频", " SPC505 ", "对话"]
    assert repair.repaired == "视频 SPC505 对话"


def test_traditional_variants_try_big5():
    broken = "中文".encode("big5").decode("latin-1")
    assert repair_mojibake(broken, "zh-CN") is None or repair_mojibake(broken, "zh-CN").real_encoding != "big5"
    r = repair_mojibake(broken, "zh-TW")
    assert r is not None and (r.repaired, r.real_encoding) == ("中文", "big5")
