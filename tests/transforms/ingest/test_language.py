import pytest

from tests.samples import BODY, FRENCH, RUSSIAN
from tests.conftest import SEED
from transforms.ingest.language import detect_language


@pytest.mark.parametrize("text,code", [
    (SEED.read_text(), "en"),
    (BODY, "en"),
    ("The minister said that the talks would resume in the spring.", "en"),
    (FRENCH, "fr"),
    (RUSSIAN, "ru"),
    ("Der Minister sagte, dass die Gespräche im Frühjahr fortgesetzt würden.", "de"),
    ("El ministro dijo que las conversaciones se reanudarían en primavera.", "es"),
    ("12345 67890", None),
    ("Hello", None),
])
def test_detect_language(text, code):
    assert detect_language(text) == code
