"""The small county of the handler tests, for rules that need people in every role."""

from tests.handlers.conftest import field  # noqa: F401
