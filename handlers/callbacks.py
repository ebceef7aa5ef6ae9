"""Callback data: short prefixes, ids only (never a permission), well under Telegram's 64 bytes."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class AreaAct(StrEnum):
    OPEN = "o"
    ADD = "a"
    RENAME = "r"
    MOVE = "m"
    IMPORT = "i"
    TREE = "t"
    MEMBERS = "mb"
    INVITE = "iv"
    INVITES = "il"


class AreaCb(CallbackData, prefix="ar"):
    act: AreaAct
    id: int  # 0: the top of the person's scope
    page: int = 0


class UseCodeCb(CallbackData, prefix="uc"):
    """Take the suggested code for the area being created (the suggestion is in the FSM data)."""


class MoveCb(CallbackData, prefix="mv"):
    id: int
    to: int  # 0: make it a top-level area
    page: int = 0


class InviteCb(CallbackData, prefix="iv"):
    area: int
    role: str = ""
    uses: int = -1  # -1: not chosen yet; 0: no limit
    ttl: int = 0


class InviteRevokeCb(CallbackData, prefix="ivx"):
    invite: int


class MemberCb(CallbackData, prefix="mb"):
    area: int
    grant: int = 0
    confirm: bool = False
    page: int = 0


class BindCb(CallbackData, prefix="bd"):
    area: int  # 0: the top of the person's scope
    bind: bool = False
    page: int = 0


class CancelCb(CallbackData, prefix="x"):
    pass
