from tests.conftest import ADMIN
from tests.support.chat import Person, texts


async def test_stranger_start(chat):
    calls = await chat.send(Person(5, "路人"), "/start")
    assert "安全网格" in texts(calls)


async def test_admin_areas(chat):
    calls = await chat.send(ADMIN, "/areas")
    assert "还没有任何区域" in texts(calls)
