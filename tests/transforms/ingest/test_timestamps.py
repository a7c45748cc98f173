from datetime import datetime

import pytest

from transforms.ingest.timestamps import parse_timestamp


@pytest.mark.parametrize("value,expected", [
    ("2025-03-05", datetime(2025, 3, 5)),
    ("2025-03-05T09:10:00Z", datetime(2025, 3, 5, 9, 10)),
    ("2025-03-05 09:10:00+03:00", datetime(2025, 3, 5, 9, 10)),
    ("Wed, 05 Mar 2025 09:10:00 +0000", datetime(2025, 3, 5, 9, 10)),
    (1741165800, datetime(2025, 3, 5, 9, 10)),
    (1741165800000, datetime(2025, 3, 5, 9, 10)),
    ("1741165800", datetime(2025, 3, 5, 9, 10)),
    ("March 10, 2002", datetime(2002, 3, 10)),
    ("10 March 2002, 14:05", datetime(2002, 3, 10, 14, 5)),
    ("Mar 10, 2002 10:43 PM IST", datetime(2002, 3, 10, 22, 43)),
    ("Sunday, March 10, 2002", datetime(2002, 3, 10)),
    ("March 2002", None),
    ("10 March", None),
    ("soon", None),
    ("", None),
    (None, None),
    (True, None),
    ({"date": "2025-03-05"}, None),
    (99999999999999999999, None),
    ("0001-01-01", None),
])
def test_parse_timestamp(value, expected):
    assert parse_timestamp(value) == expected
