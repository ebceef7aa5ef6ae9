"""hazards closed_at index

Digests count and list what was signed off in a period; without these, those conditions read the table
(closed_at) or every closed hazard (status, closed_at).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 20:18:24.290931
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hazards_closed_at"), ["closed_at"], unique=False)
        batch_op.create_index("ix_hazards_status_closed_at", ["status", "closed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.drop_index("ix_hazards_status_closed_at")
        batch_op.drop_index(batch_op.f("ix_hazards_closed_at"))
