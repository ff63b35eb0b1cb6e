"""What a search box holds, read once for every list (core.search.read)."""

from gonghui.core import pii
from gonghui.core.search import read


def test_an_id_number_or_a_phone_is_read_as_its_blind_index() -> None:
    by_id = read(" 11010519491231002x ")
    assert by_id is not None and by_id.id_index == pii.blind_index("11010519491231002X")
    by_phone = read("138 1234 5678")
    assert by_phone is not None and by_phone.phone_index == pii.blind_index("+8613812345678")
    assert by_phone.id_index is None


def test_other_text_is_text_and_blank_is_nothing() -> None:
    assert read("  ") is None and read(None) is None
    number = read("tj2026 000001")
    assert number is not None and (number.text, number.has_digits) == ("tj2026 000001", True)
    name = read("王  小明")
    assert name is not None
    assert (name.text, name.has_digits, name.id_index) == ("王 小明", False, None)
    malformed = read("1381234")  # too short for a phone: a number to look up, not a phone
    assert malformed is not None and malformed.phone_index is None and malformed.has_digits
