import pytest

from tmkit.errors import UsageError
from tmkit.text.langtags import lang_matches, normalize_lang, style_lang, validate_bare_zh


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zh_CN", "zh-CN"),
        ("zh-cn", "zh-CN"),
        ("ZH-CN", "zh-CN"),
        ("zh-Hans", "zh-CN"),
        ("zh-Hans-CN", "zh-CN"),
        ("zh-hans-cn", "zh-CN"),
        ("zh-CHS", "zh-CN"),
        ("zh-Hant-TW", "zh-TW"),
        ("zh_TW", "zh-TW"),
        ("zh-Hant", "zh-TW"),
        ("zh-CHT", "zh-TW"),
        ("zh-HK", "zh-HK"),
        ("zh-Hant-HK", "zh-HK"),
        ("zh-SG", "zh-SG"),
        ("zh", "zh-CN"),
        ("en_US", "en-US"),
        ("en-us", "en-US"),
        ("EN-US", "en-US"),
        ("EN", "en"),
        ("fr-ca", "fr-CA"),
        ("en-gb", "en-GB"),
        ("sr-latn-rs", "sr-Latn-RS"),
        ("es-419", "es-419"),
        (" en ", "en"),
    ],
)
def test_normalize(raw, expected):
    assert normalize_lang(raw) == expected


@pytest.mark.parametrize("raw", ["", "*all*", "en US", "中文", "-en", None])
def test_not_a_tag(raw):
    assert normalize_lang(raw) is None


def test_bare_zh_rule_is_configurable():
    assert normalize_lang("zh", bare_zh="zh-TW") == "zh-TW"
    assert normalize_lang("zh", bare_zh="zh") == "zh"
    assert normalize_lang("zh-Hans", bare_zh="zh-TW") == "zh-CN"  # only a bare tag follows the rule


def test_bare_zh_rule_validation():
    assert validate_bare_zh("zh-TW") == "zh-TW"
    with pytest.raises(UsageError):
        validate_bare_zh("en-US")
    with pytest.raises(UsageError):
        validate_bare_zh("zh_cn")


@pytest.mark.parametrize(
    ("query", "tag", "expected"),
    [
        ("en", "en-US", True),
        ("en", "en-GB", True),
        ("en", "en", True),
        ("en-US", "en-GB", False),
        ("zh", "zh-CN", True),
        ("zh-CN", "zh-TW", False),
        ("en", "eng", False),
    ],
)
def test_lang_matches(query, tag, expected):
    assert lang_matches(query, tag) is expected


@pytest.mark.parametrize(
    ("tag", "style", "expected"),
    [
        ("zh-CN", "zh-CN", "zh-CN"),
        ("zh-CN", "zh-Hans", "zh-Hans"),
        ("zh-TW", "zh-Hans", "zh-Hant"),
        ("zh-HK", "zh-Hans", "zh-Hant-HK"),
        ("zh-CN", "zh", "zh"),
        ("zh-TW", "zh", "zh-TW"),
        ("en-US", "zh-Hans", "en-US"),
    ],
)
def test_style(tag, style, expected):
    assert style_lang(tag, style) == expected


def test_original_style_uses_the_imported_tag():
    assert style_lang("zh-CN", "original", "zh_cn") == "zh_cn"
