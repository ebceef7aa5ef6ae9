"""rectification, listed supervision, reminders

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 07:11:59.716448
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("rung", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hazard_id"],
            ["hazards.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hazard_id", "rung", "deadline", name="uq_reminders_once"),
    )
    with op.batch_alter_table("reminders_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminders_sent_hazard_id"), ["hazard_id"], unique=False)

    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rectifier_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("rectifier_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.add_column(
            sa.Column("rectifier_phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.add_column(sa.Column("supervisor_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("deadline", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("measures", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("assigned_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("completed_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("closed_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("listed_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("township_signed_by", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index(batch_op.f("ix_hazards_deadline"), ["deadline"], unique=False)
        batch_op.create_foreign_key("fk_hazards_rectifier_id_users", "users", ["rectifier_id"], ["id"])
        batch_op.create_foreign_key("fk_hazards_supervisor_id_users", "users", ["supervisor_id"], ["id"])
        batch_op.create_foreign_key(
            "fk_hazards_merged_into_id_hazards", "hazards", ["merged_into_id"], ["id"]
        )

    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hazard_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_invites_hazard_id_hazards", "hazards", ["hazard_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_constraint("fk_invites_hazard_id_hazards", type_="foreignkey")
        batch_op.drop_column("hazard_id")

    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.drop_constraint("fk_hazards_merged_into_id_hazards", type_="foreignkey")
        batch_op.drop_constraint("fk_hazards_supervisor_id_users", type_="foreignkey")
        batch_op.drop_constraint("fk_hazards_rectifier_id_users", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_hazards_deadline"))
        batch_op.drop_column("version")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("township_signed_by")
        batch_op.drop_column("listed_at")
        batch_op.drop_column("listed")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("completed_at")
        batch_op.drop_column("assigned_at")
        batch_op.drop_column("measures")
        batch_op.drop_column("deadline")
        batch_op.drop_column("supervisor_id")
        batch_op.drop_column("rectifier_phone")
        batch_op.drop_column("rectifier_name")
        batch_op.drop_column("rectifier_id")

    with op.batch_alter_table("reminders_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminders_sent_hazard_id"))

    op.drop_table("reminders_sent")
