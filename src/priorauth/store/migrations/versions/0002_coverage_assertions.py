"""coverage assertions made by the CRD hooks

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coverage_assertions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org", sa.String(length=100), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("hook", sa.String(length=40), nullable=False),
        sa.Column("service", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("request_body", sa.Text(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_coverage_assertions_org"), "coverage_assertions", ["org"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_coverage_assertions_org"), table_name="coverage_assertions")
    op.drop_table("coverage_assertions")
