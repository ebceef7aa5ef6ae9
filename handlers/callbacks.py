"""Callback data: short prefixes, ids only (never a permission), well under Telegram's 64 bytes."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from domain.lifecycle import Status
from domain.periods import Kind
from domain.roles import Role
from domain.sectors import Level, Sector

# Bounded so that forged data fails to unpack (and is answered as a stale button) instead of reaching
# the database with numbers SQLite cannot hold.
Id = Annotated[int, Field(ge=0, lt=2**31)]
Page = Annotated[int, Field(ge=0, lt=10_000)]


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
    id: Id  # 0: the top of the person's scope
    page: Page = 0


class UseCodeCb(CallbackData, prefix="uc"):
    """Take the suggested code for the area being created (the suggestion is in the FSM data)."""


class MoveCb(CallbackData, prefix="mv"):
    id: Id
    to: Annotated[int, Field(ge=-1, lt=2**31)]  # 0: make it top-level; -1: show the choices
    page: Page = 0


class InviteCb(CallbackData, prefix="iv"):
    area: Id
    role: Role | None = None
    uses: Annotated[int, Field(ge=-1, le=1000)] = -1  # -1: not chosen yet; 0: no limit
    ttl: Annotated[int, Field(ge=0, le=90)] = 0


class InviteRevokeCb(CallbackData, prefix="ivx"):
    invite: Id


class MemberCb(CallbackData, prefix="mb"):
    area: Id
    grant: Id = 0
    confirm: bool = False
    page: Page = 0


class BindCb(CallbackData, prefix="bd"):
    area: Id  # 0: the top of the person's scope
    bind: bool = False
    page: Page = 0


class CancelCb(CallbackData, prefix="x"):
    """Cancel the conversation whose prompt carries this button (see handlers.start.cancel_button)."""


class ReportAct(StrEnum):
    AREA = "a"
    AREA_BELOW = "ab"
    SECTOR = "s"
    LEVEL = "l"
    UNIT = "u"
    NO_UNIT = "nu"
    PHOTOS_DONE = "pd"
    EDIT = "e"
    CONFIRM = "c"
    SAME = "dp"
    NEW = "nw"
    RESUME = "rs"
    DISCARD = "ds"


class ReportCb(CallbackData, prefix="rp"):
    act: ReportAct
    val: Annotated[str, Field(max_length=16)] = ""
    id: Id = 0
    page: Page = 0


class HazardCb(CallbackData, prefix="hz"):
    id: Id


class MineCb(CallbackData, prefix="mi"):
    page: Page


class AccidentAct(StrEnum):
    AREA = "a"
    AREA_BELOW = "ab"
    AGO = "t"
    NO_UNIT = "nu"
    NO_CASUALTIES = "nc"
    PHOTOS_DONE = "pd"
    CONFIRM = "c"
    RESUME = "rs"
    DISCARD = "ds"


class AccidentCb(CallbackData, prefix="ac"):
    act: AccidentAct
    id: Id = 0
    page: Page = 0


class UnitCb(CallbackData, prefix="un"):
    id: Id


class RectifyAct(StrEnum):
    ASSIGN = "as"
    PICK_RECTIFIER = "pr"
    OUTSIDE = "ou"
    PICK_SUPERVISOR = "ps"
    DAYS = "dy"
    CONFIRM_ASSIGN = "ca"
    PROGRESS = "pg"
    COMPLETE = "cp"
    FIX = "fx"
    SUBMIT = "sb"
    ACCEPT = "ac"
    RETURN = "rt"
    EXTEND = "ex"
    REJECT = "rj"
    LIST = "ls"
    MERGE = "mg"
    ACCEPT_WITH_COMMENT = "acc"


class RectifyCb(CallbackData, prefix="rf"):
    act: RectifyAct
    hazard: Id
    val: Annotated[int, Field(ge=0, lt=2**53)] = 0


class LedgerAct(StrEnum):
    SHOW = "v"
    SECTORS = "s"
    AREAS = "a"
    EXPORT = "x"


class LedgerCb(CallbackData, prefix="lg"):
    """A ledger view: what to do, the whole filter, and the page. Ids and enum values only."""

    act: LedgerAct
    status: Status | None = None
    sector: Sector | None = None
    level: Level | None = None
    overdue: bool | None = None
    area: Id = 0  # 0: the whole scope
    page: Page = 0  # the ledger's page, or the area list's when choosing an area


class TipAct(StrEnum):
    START = "s"
    STATUS = "q"
    AREA = "a"
    BELOW = "b"
    SECTOR = "c"
    SKIP_PLACE = "sp"
    PHOTOS_DONE = "pd"
    ANONYMOUS = "an"
    NAMED = "nm"
    CONSENT = "ok"
    REPLY = "r"
    CLAIM = "cl"
    CLAIM_YES = "cy"


class TipCb(CallbackData, prefix="tp"):
    """The tipster's buttons. They never carry a tip id: the tip comes from the receipt just shown."""

    act: TipAct
    val: Annotated[str, Field(max_length=16)] = ""
    id: Id = 0
    page: Page = 0


class TipStaffAct(StrEnum):
    OPEN = "o"
    GENERAL = "g"
    MAJOR = "m"
    DUPLICATE = "d"
    DISMISS = "x"
    MESSAGE = "w"
    REWARD = "r"


class TipStaffCb(CallbackData, prefix="ts"):
    act: TipStaffAct
    tip: Id


class PosterCb(CallbackData, prefix="po"):
    area: Id
    below: bool = False
    page: Page = 0


class DigestCb(CallbackData, prefix="dg"):
    """Preview a digest (chat 0) or send it to a bound group now."""

    kind: Kind
    period: Annotated[str, Field(max_length=10)] = ""  # "" for the latest; else a key such as 2026-11/12
    area: Id = 0
    chat: Annotated[int, Field(ge=-(10**13), le=0)] = 0


class ScheduleCb(CallbackData, prefix="sc"):
    kind: Kind
    on: bool


class PlanCb(CallbackData, prefix="pl"):
    sector: Annotated[str, Field(max_length=16)] = ""  # "": done choosing
