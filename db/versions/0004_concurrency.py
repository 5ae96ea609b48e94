"""row versions for optimistic concurrency, a change counter, and no duplicate reports or appointments

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VERSIONED = (
    "body", "seat", "person", "membership", "case", "meeting", "agenda_item", "blob", "bilag", "bilag_version",
    "attendance", "indsats", "assignment", "form_issue", "report", "calculation",
)


def upgrade() -> None:
    # A NOT NULL column with a constant default is added in place on SQLite: no table copy.
    for table in VERSIONED:
        op.add_column(table, sa.Column("row_version", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.create_table(
        "store_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("origin", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO store_change (id, seq) VALUES (1, 0)")
    # Exact copies stored by two imports racing under an older version go first; the unique indexes then
    # hold. A report kept twice for one form keeps its first copy.
    op.execute(
        "DELETE FROM report WHERE form_issue_id IS NOT NULL AND id NOT IN "
        "(SELECT min(id) FROM report WHERE form_issue_id IS NOT NULL GROUP BY form_issue_id)"
    )
    op.execute(
        "DELETE FROM membership WHERE id NOT IN (SELECT min(id) FROM membership GROUP BY person_id, body_id, "
        "role, coalesce(start, '1900-01-01'), \"end\", seat_id, on_behalf_of, appointed_by, item_id)"
    )
    op.create_index("uq_report_form_issue", "report", ["form_issue_id"], unique=True)
    op.create_index(
        "uq_membership_appointment", "membership",
        ["person_id", "body_id", "role", sa.text("coalesce(start, '1900-01-01')")], unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_membership_appointment", table_name="membership")
    op.drop_index("uq_report_form_issue", table_name="report")
    op.drop_table("store_change")
    for table in reversed(VERSIONED):
        op.drop_column(table, "row_version")
