"""Raw bytes to text: encoding detection, mojibake repair, or a clear rejection."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import ftfy
from charset_normalizer import from_bytes

from transforms.errors import InputRejected

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(c for c in range(32) if chr(c) not in "\t\n\r\f")
_CONTROL_CHARS = {chr(c) for c in _CONTROL}
MAX_CONTROL_RATIO = 0.05
SAMPLE_BYTES = 4096
# Legacy encodings news files come in, most likely first: a tie between candidates goes to the earlier one
# (cp1252 before cp1250 for Western text, as browsers do for pages that declare latin-1).
LEGACY_ENCODINGS = (
    "cp1252", "cp1251", "cp1250", "iso8859_15", "cp1253", "cp1254", "cp1257", "koi8_r", "koi8_u", "cp866",
    "iso8859_2", "iso8859_5", "iso8859_7", "cp1256", "cp1255", "gb18030", "big5", "shift_jis",
    "euc_jp", "euc_kr",
)
CHAOS_TIE = 0.02
# Only the mojibake-repair steps of ftfy: quotes, widths and line breaks are normalize.py's business.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, fix_character_width=False,
                             fix_latin_ligatures=False, normalization=None, explain=False)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding that decoded it."""

    text: str
    encoding: str


def decode_bytes(data: bytes, *, max_bytes: int) -> Decoded:
    """Decode a file's bytes; raise InputRejected when empty, binary, too large or undecodable."""
    if len(data) > max_bytes:
        raise InputRejected("too_large", f"{len(data):,} bytes is over the {max_bytes:,}-byte limit")
    if not data.strip():
        raise InputRejected("empty", "the file is empty or only whitespace")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding)
    if (utf16 := detect_utf16(data)) is not None:
        return _decode(data, utf16)
    if is_binary(data):
        raise InputRejected("binary", "the file holds binary data (NUL or control bytes), not text")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError as exc:
        utf8_error = f"byte {exc.object[exc.start]:#04x} at offset {exc.start}"
    encoding = detect_legacy_encoding(data)
    if encoding is None:
        raise InputRejected("undecodable", f"not UTF-8 ({utf8_error}) nor any common legacy encoding")
    return _decode(data, encoding)


def is_binary(data: bytes) -> bool:
    """NUL bytes, or more than a few control bytes, in the first 4 KB."""
    sample = data[:SAMPLE_BYTES]
    return b"\x00" in sample or len(sample) - len(sample.translate(None, _CONTROL)) > len(sample) * MAX_CONTROL_RATIO


def detect_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for BOM-less UTF-16 text (NUL in every other byte of ASCII-range text)."""
    sample = data[:SAMPLE_BYTES - SAMPLE_BYTES % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def detect_legacy_encoding(data: bytes) -> str | None:
    """The most likely legacy single- or multi-byte encoding of non-UTF-8 bytes, or None when none fits."""
    matches = list(from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    fitting = {enc for m in matches if m.chaos <= best + CHAOS_TIE for enc in m.could_be_from_charset}
    return next((enc for enc in LEGACY_ENCODINGS if enc in fitting), None)


def repair_text(text: str) -> str:
    """Mojibake ('â€œ' → '“'), lone surrogates, terminal escapes and stray control characters repaired."""
    return ftfy.fix_text(text, _FTFY)


def _decode(data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputRejected(
            "undecodable", f"not valid {encoding}: byte {exc.object[exc.start]:#04x} at offset {exc.start}"
        ) from None
    return _checked(Decoded(text, codecs.lookup(encoding).name))


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text.removeprefix("\ufeff")
    if not text.strip():
        raise InputRejected("empty", "the file holds no text")
    sample = text[:SAMPLE_BYTES]
    if sum(ch in _CONTROL_CHARS for ch in sample) > len(sample) * MAX_CONTROL_RATIO:
        raise InputRejected("binary", f"decoded as {decoded.encoding}, the text is mostly control characters")
    return Decoded(text, decoded.encoding)
