"""What a conversation is waiting for."""

from aiogram.fsm.state import State, StatesGroup


class AreaForm(StatesGroup):
    waiting_for_name = State()
    waiting_for_code = State()
    waiting_for_new_name = State()
    waiting_for_import_file = State()


class ReportForm(StatesGroup):
    choosing_area = State()
    choosing_sector = State()
    choosing_level = State()
    waiting_for_place = State()
    waiting_for_unit = State()
    waiting_for_description = State()
    waiting_for_photos = State()
    reviewing = State()
    choosing_duplicate = State()


class AccidentForm(StatesGroup):
    choosing_area = State()
    waiting_for_time = State()
    waiting_for_place = State()
    waiting_for_unit = State()
    waiting_for_casualties = State()
    waiting_for_account = State()
    waiting_for_photos = State()
    reviewing = State()


class RectifyForm(StatesGroup):
    choosing_rectifier = State()
    waiting_for_outside_name = State()
    waiting_for_outside_phone = State()
    choosing_supervisor = State()
    choosing_deadline = State()
    waiting_for_measures = State()
    confirming_assignment = State()
    waiting_for_report = State()  # progress, completion or on-the-spot fix: text and photos
    waiting_for_reason = State()  # return, reject or extend
    waiting_for_new_deadline = State()
    waiting_for_merge_target = State()


class TipForm(StatesGroup):
    choosing_area = State()
    choosing_sector = State()
    waiting_for_place = State()
    waiting_for_description = State()
    waiting_for_photos = State()
    choosing_identity = State()
    waiting_for_name = State()
    waiting_for_phone = State()


class TipStatusForm(StatesGroup):
    waiting_for_receipt = State()
    viewing = State()
    waiting_for_reply = State()


class TipStaffForm(StatesGroup):
    waiting_for_hazard_ref = State()
    waiting_for_reason = State()
    waiting_for_message = State()
    waiting_for_amount = State()


class PlanForm(StatesGroup):
    choosing_sectors = State()
    waiting_for_text = State()
