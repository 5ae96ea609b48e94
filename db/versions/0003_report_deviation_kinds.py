"""a report says whether its afvigelser are in time, money or content

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KINDS = ("afvigelse_tid", "afvigelse_oekonomi", "afvigelse_indhold")


def upgrade() -> None:
    # SQLite adds a NOT NULL column with a constant default in place: no batch copy of the table needed.
    for name in KINDS:
        op.add_column("report", sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # SQLite has had ALTER TABLE … DROP COLUMN since 3.35; these columns carry no index or constraint.
    for name in reversed(KINDS):
        op.drop_column("report", name)
