"""digest schedules sends action plans

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:15:05.708608
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "digest_schedules",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", "kind"),
    )
    op.create_table(
        "action_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("set_by", sa.BigInteger(), nullable=True),
        sa.Column("set_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("area_id", "period", name="uq_action_plan"),
    )
    with op.batch_alter_table("action_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_plans_area_id"), ["area_id"], unique=False)

    op.create_table(
        "digests_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("parts_done", sa.Integer(), nullable=False),
        sa.Column("claimed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("finished_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "period", "chat_id", name="uq_digest_once"),
    )
    with op.batch_alter_table("digests_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_digests_sent_chat_id"), ["chat_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("digests_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digests_sent_chat_id"))

    op.drop_table("digests_sent")
    with op.batch_alter_table("action_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_plans_area_id"))

    op.drop_table("action_plans")
    op.drop_table("digest_schedules")
