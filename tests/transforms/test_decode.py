import codecs

import pytest

from transforms.decode import decode_bytes
from transforms.errors import InputRejected

MAX = 1000


@pytest.mark.parametrize("data,text", [
    ("Plain text.".encode(), "Plain text."),
    (codecs.BOM_UTF8 + "Caf\u00e9".encode(), "Caf\u00e9"),
    (codecs.BOM_UTF16_LE + "Hello".encode("utf-16-le"), "Hello"),
])
def test_decodes_text(data, text):
    assert decode_bytes(data, max_bytes=MAX) == text


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"caf\xe9 au lait", "undecodable"),
    (b"x" * (MAX + 1), "too_large"),
])
def test_rejects_with_reason(data, reason):
    with pytest.raises(InputRejected) as info:
        decode_bytes(data, max_bytes=MAX)
    assert info.value.reason == reason and info.value.detail
