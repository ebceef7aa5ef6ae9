import pytest

from domain.numbering import format_ref, normalise_ref


@pytest.mark.parametrize(
    "typed",
    ["3305-2603-0001", "３３０５－２６０３－０００１", " 3305 2603 0001 ", "330526030001", "3305—2603—0001"],
)
def test_typed_numbers_are_understood(typed):
    assert normalise_ref(typed) == "3305-2603-0001"


def test_accident_numbers_and_case():
    assert normalise_ref("a3305-2603-0001") == "A3305-2603-0001"
    assert normalise_ref("A330526030001") == "A3305-2603-0001"


def test_format_pads_the_sequence():
    assert format_ref("3305-2603", 7) == "3305-2603-0007"
