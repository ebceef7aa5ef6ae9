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
