"""What a conversation is waiting for."""

from aiogram.fsm.state import State, StatesGroup


class AreaForm(StatesGroup):
    waiting_for_name = State()
    waiting_for_code = State()
    waiting_for_new_name = State()
    waiting_for_import_file = State()
