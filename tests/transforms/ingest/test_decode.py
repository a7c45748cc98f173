import codecs

import pytest

from transforms.ingest.decode import decode_bytes, detect_utf16, is_binary, repair_text
from transforms.errors import InputRejected

MAX = 1000
RU = "Президент встретился с генеральным секретарем в Минске."
FR = "Le café a rouvert lundi, a déclaré le propriétaire naïf « heureux »."
CURLY = "Curly \u201cquotes\u201d \u2013 and \u20ac5"
PL = "Zażółć gęślą jaźń, powiedział minister w Warszawie we wtorek."


@pytest.mark.parametrize("data,text,encoding", [
    ("Plain text.".encode(), "Plain text.", "utf-8"),
    ("Caf\u00e9 \u2014 na\u00efve".encode(), "Caf\u00e9 \u2014 na\u00efve", "utf-8"),
    (codecs.BOM_UTF8 + "Caf\u00e9".encode(), "Caf\u00e9", "utf-8-sig"),
    (codecs.BOM_UTF16_LE + "Hello".encode("utf-16-le"), "Hello", "utf-16"),
    (codecs.BOM_UTF16_BE + "Hello".encode("utf-16-be"), "Hello", "utf-16"),
    ("Hello, world \u00e9".encode("utf-16-le"), "Hello, world \u00e9", "utf-16-le"),
    ("Hello, world \u00e9".encode("utf-16-be"), "Hello, world \u00e9", "utf-16-be"),
    (codecs.BOM_UTF32_LE + "Hi there".encode("utf-32-le"), "Hi there", "utf-32"),
    (RU.encode("cp1251"), RU, "cp1251"),
    (FR.encode("cp1252"), FR, "cp1252"),
    (FR.encode("latin-1"), FR, "cp1252"),
    (b"caf\xe9 au lait", "caf\u00e9 au lait", "cp1252"),
    (CURLY.encode("cp1252"), CURLY, "cp1252"),
    (PL.encode("cp1250"), PL, "cp1250"),
])
def test_decodes_text_and_names_the_encoding(data, text, encoding):
    decoded = decode_bytes(data, max_bytes=MAX)
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    (codecs.BOM_UTF8 + b"  \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"\x00\x01\x02\x03" * 50, "binary"),
    (b"text \x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f", "binary"),
    (bytes(range(0x80, 0x100)) * 3, "undecodable"),
    (codecs.BOM_UTF8 + b"caf\xe9", "undecodable"),
    (b"x" * (MAX + 1), "too_large"),
])
def test_rejects_with_reason(data, reason):
    with pytest.raises(InputRejected) as info:
        decode_bytes(data, max_bytes=MAX)
    assert info.value.reason == reason and info.value.detail


@pytest.mark.parametrize("data,expected", [
    ("ab".encode("utf-16-le") * 10, "utf-16-le"),
    ("ab".encode("utf-16-be") * 10, "utf-16-be"),
    (b"plain ascii text", None),
    (b"\x00\x00\x00\x00" * 10, None),
])
def test_detect_utf16(data, expected):
    assert detect_utf16(data) == expected


@pytest.mark.parametrize("data,expected", [
    (b"text\n\twith tabs\r\n", False),
    (b"\x00abc", True),
    (b"abc\x1b" * 10, True),
])
def test_is_binary(data, expected):
    assert is_binary(data) is expected


@pytest.mark.parametrize("text_in,text_out", [
    ("The \u00e2\u20ac\u0153quote\u00e2\u20ac\u009d", "The \u201cquote\u201d"),
    ("It\u00e2\u20ac\u2122s caf\u00c3\u00a9", "It\u2019s caf\u00e9"),
    ("na\u00c3\u00afve", "na\u00efve"),
    ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ("bell\x07 and \x1b[31mred", "bell and red"),
    ("\u201cAlready fine\u201d \u2014 caf\u00e9", "\u201cAlready fine\u201d \u2014 caf\u00e9"),
])
def test_repair_text(text_in, text_out):
    assert repair_text(text_in) == text_out
