"""Callback data carries ids only and always fits Telegram's 64 bytes, even at the largest values."""

import enum as enum_module
import typing

import pytest
from aiogram.filters.callback_data import CallbackData

from handlers import callbacks

BIG, PAGE = 2**31 - 1, 9_999


def widest(cls: type[CallbackData]) -> CallbackData:
    """Every field at its longest packed form: the biggest ids and pages, the longest enum values."""
    values = {}
    for name, field in cls.model_fields.items():
        kinds = typing.get_args(field.annotation) or (field.annotation,)
        enum = next((k for k in kinds if isinstance(k, type) and issubclass(k, enum_module.Enum)), None)
        if enum is not None:
            values[name] = max(enum, key=lambda member: len(str(member.value)))
        elif bool in kinds:
            values[name] = True
        elif name == "page":
            values[name] = PAGE
        elif str in kinds:
            values[name] = "x" * _bound(field, "max_length", 12)
        elif name in ("uses", "ttl"):
            values[name] = 1000 if name == "uses" else 90
        else:
            # The longer of the two ends: a big id, or the most negative chat id.
            top = min(BIG, _bound(field, "le", BIG), _bound(field, "lt", BIG + 1) - 1)
            values[name] = max((top, _bound(field, "ge", 0)), key=lambda v: len(str(v)))
    return cls(**values)


def _bound(field, attribute: str, default: int) -> int:
    return next((getattr(m, attribute) for m in field.metadata if hasattr(m, attribute)), default)


CLASSES = [
    obj
    for obj in vars(callbacks).values()
    if isinstance(obj, type) and issubclass(obj, CallbackData) and obj is not CallbackData
]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_fits_64_bytes_and_round_trips(cls):
    data = widest(cls)
    packed = data.pack()
    assert len(packed.encode()) <= 64, packed
    assert cls.unpack(packed) == data


def test_prefixes_are_unique():
    prefixes = [cls.__prefix__ for cls in CLASSES]
    assert len(prefixes) == len(set(prefixes))
