"""Chat routers, assembled in one visible order; the catch-all comes last."""

from aiogram import Router

from handlers import areas, errors, fallback, groups, people, start


def build_root_router() -> Router:
    """A fresh tree each call: a router can be attached to only one parent."""
    root = Router(name="root")
    for module in (errors, start, areas, people, groups, fallback):
        module.router._parent_router = None  # routers are module-level; tests build several dispatchers
        root.include_router(module.router)
    return root
