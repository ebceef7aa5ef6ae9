"""public tips relay rate limits

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 08:32:32.917412
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "receipt_attempts",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "tip_counters",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("hour", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "hour"),
    )
    op.create_table(
        "tips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("sector", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("received_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("receipt_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("chat_sealed", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("contact_sealed", sqlmodel.sql.sqltypes.AutoString(length=1024), nullable=True),
        sa.Column("hazard_id", sa.Integer(), nullable=True),
        sa.Column("triaged_by", sa.BigInteger(), nullable=True),
        sa.Column("triaged_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("dismiss_reason", sa.Text(), nullable=True),
        sa.Column("closed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("reward_amount", sa.Integer(), nullable=True),
        sa.Column("reward_set_by", sa.BigInteger(), nullable=True),
        sa.Column("reward_set_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reward_claimed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("claim_ref", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("erased_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
        ),
        sa.ForeignKeyConstraint(
            ["hazard_id"],
            ["hazards.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receipt_hash"),
        sa.UniqueConstraint("ref"),
    )
    with op.batch_alter_table("tips", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tips_area_id"), ["area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tips_hazard_id"), ["hazard_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tips_received_at"), ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_tips_status"), ["status"], unique=False)

    op.create_table(
        "tip_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tip_id", sa.Integer(), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tip_id"],
            ["tips.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tip_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tip_messages_tip_id"), ["tip_id"], unique=False)

    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tip_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_photos_tip_id"), ["tip_id"], unique=False)
        batch_op.create_foreign_key("fk_photos_tip_id", "tips", ["tip_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_constraint("fk_photos_tip_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_photos_tip_id"))
        batch_op.drop_column("tip_id")

    with op.batch_alter_table("tip_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tip_messages_tip_id"))

    op.drop_table("tip_messages")
    with op.batch_alter_table("tips", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tips_status"))
        batch_op.drop_index(batch_op.f("ix_tips_received_at"))
        batch_op.drop_index(batch_op.f("ix_tips_hazard_id"))
        batch_op.drop_index(batch_op.f("ix_tips_area_id"))

    op.drop_table("tips")
    op.drop_table("tip_counters")
    op.drop_table("receipt_attempts")
