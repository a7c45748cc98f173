"""Regular expressions and small word lists, compiled once."""

import re

DOUBLE_QUOTES = re.compile("[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]")
SINGLE_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u2032]")
SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")

# "Updated at 13:53,23-12-2024", "Published 23.12.2024 13:53", "Posted on 23/12/2024"
STAMP_LINE = re.compile(
    r"^(?:(?:updated|published|posted|last\s+updated)\s*(?:at|on)?\s*:?\s*)?"
    r"(?:(?P<t1>\d{1,2}:\d{2})\s*,?\s*(?P<d1>\d{1,2})[-./](?P<m1>\d{1,2})[-./](?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})[-./](?P<m2>\d{1,2})[-./](?P<y2>\d{4})(?:\s*,?\s*(?P<t2>\d{1,2}:\d{2}))?)\s*$",
    re.IGNORECASE,
)
# "This story is from March 10, 2002", "Published: 10 March 2002, 14:05", "Last updated on Mar 10, 2002 10:43 AM IST"
STAMP_WRITTEN = re.compile(
    r"^(?:this\s+(?:story|article|report|item)\s+(?:is|was)\s+(?:from|published(?:\s+on)?|dated)"
    r"|(?:last\s+)?(?:updated|published|posted)(?:\s+(?:on|at))?)\s*:?\s*(?P<date>.{6,60})$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?:;\"')\]]$")

