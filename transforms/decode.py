"""Raw bytes to text, or a clear rejection."""

from __future__ import annotations

import codecs

from transforms.errors import InputRejected

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = {c for c in range(32) if chr(c) not in "\t\n\r\f"}


def decode_bytes(data: bytes, *, max_bytes: int) -> str:
    """Decode a file's bytes as text; raise InputRejected when it is empty, binary, too large or undecodable."""
    if len(data) > max_bytes:
        raise InputRejected("too_large", f"{len(data):,} bytes is over the {max_bytes:,}-byte limit")
    if not data.strip():
        raise InputRejected("empty", "the file is empty or only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding)
    sample = data[:4096]
    if b"\x00" in sample or sum(b in _CONTROL for b in sample) > len(sample) * 0.05:
        raise InputRejected("binary", "the file holds binary data (NUL or control bytes), not text")
    return _decode(data, "utf-8")


def _decode(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputRejected(
            "undecodable", f"not valid {encoding}: byte {exc.object[exc.start]:#04x} at offset {exc.start}"
        ) from None
    if not text.strip():
        raise InputRejected("empty", "the file holds no text")
    return text
