import pytest

from domain.areas import clean_code, clean_name, next_child_code, tree_lines
from domain.errors import InvalidInput
from storage.models import Area


@pytest.mark.parametrize(("raw", "code"), [("330782", "330782"), (" jx01 ", "JX01"), ("A1", "A1")])
def test_codes_are_normalised(raw, code):
    assert clean_code(raw) == code


@pytest.mark.parametrize("raw", ["", "A", "JX-01", "金华", "A" * 17, "ab c"])
def test_bad_codes_refused(raw):
    with pytest.raises(InvalidInput):
        clean_code(raw)


def test_names_are_trimmed_and_bounded():
    assert clean_name("  城关   镇 ") == "城关 镇"
    with pytest.raises(InvalidInput):
        clean_name("  \n ")
    with pytest.raises(InvalidInput):
        clean_name("长" * 33)


def test_next_child_code_skips_taken():
    assert next_child_code("3307", set()) == "330701"
    assert next_child_code("3307", {"330701", "330702"}) == "330703"
    assert next_child_code("3307", set(), width=3) == "3307001"
    assert next_child_code("A" * 15, set()) is None  # would pass 16 characters


def _area(id_: int, parent: int | None, name: str, code: str, path: str) -> Area:
    return Area(id=id_, parent_id=parent, name=name, code=code, path=path)


def test_tree_lines_draw_a_forest():
    areas = [
        _area(1, None, "县", "C", "/1/"),
        _area(2, 1, "甲镇", "C01", "/1/2/"),
        _area(3, 2, "一村", "C01001", "/1/2/3/"),
        _area(4, 1, "乙镇", "C02", "/1/4/"),
        _area(5, 4, "二村", "C02001", "/1/4/5/"),
    ]
    drawn = [f"{line.prefix}{line.area.name}" for line in tree_lines(areas)]
    assert drawn == ["县", "├ 甲镇", "│ └ 一村", "└ 乙镇", "　 └ 二村"]


def test_tree_of_a_partial_scope_starts_at_its_tops():
    areas = [_area(2, 1, "甲镇", "C01", "/1/2/"), _area(3, 2, "一村", "C01001", "/1/2/3/")]
    assert [line.prefix for line in tree_lines(areas)] == ["", "└ "]


def test_depth_from_path():
    assert _area(3, 2, "x", "X1", "/1/2/3/").depth == 2
