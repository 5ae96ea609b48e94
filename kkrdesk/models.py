"""SQLAlchemy 2 typed mappings for every tab: bodies and members, meetings and bilag, tovholdere, calculations.

The schema itself is created only by the Alembic migrations in db/; these classes must match them
(tests/test_store.py compares the two).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class DecimalText(TypeDecorator):
    """Money and weights as exact decimal text: SQLite has no decimal type and floats lose kroner."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


class Base(DeclarativeBase):
    pass


class Versioned:
    """Optimistic concurrency: every UPDATE and DELETE checks the row_version it read and bumps it, so a save
    over someone else's newer change is refused instead of silently overwriting it (migration 0004)."""

    row_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.row_version}


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --- Organer og medlemmer -------------------------------------------------------------------------------------


class Body(Versioned, Base):
    """An organ: KKR, K29/K17, an embedsmandsudvalg, a board, a working group … (OParl Organization)."""

    __tablename__ = "body"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(40), default="andet")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="SET NULL"))
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)
    max_members: Mapped[int | None] = mapped_column(Integer)
    odd_members: Mapped[bool] = mapped_column(Boolean, default=False)
    # Agenda item types are configurable per body: a newline-separated list.
    item_types: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[Body | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Body]] = relationship(back_populates="parent")
    seats: Mapped[list[Seat]] = relationship(back_populates="body", cascade="all, delete-orphan")
    memberships: Mapped[list[Membership]] = relationship(back_populates="body", cascade="all, delete-orphan")
    meetings: Mapped[list[Meeting]] = relationship(back_populates="body", cascade="all, delete-orphan")


class Seat(Versioned, Base):
    """A kind of place in a body: "4 erhvervsrepræsentanter udpeget af KKR efter indstilling fra …"."""

    __tablename__ = "seat"
    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    count: Mapped[int] = mapped_column(Integer, default=1)
    role: Mapped[str] = mapped_column(String(40), default="medlem")
    appointed_by: Mapped[str | None] = mapped_column(String(200))
    nominated_by: Mapped[str | None] = mapped_column(String(200))
    criteria: Mapped[str | None] = mapped_column(Text)
    voting: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)

    body: Mapped[Body] = relationship(back_populates="seats")


class Person(Versioned, Base):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("name", "organisation"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(120))
    organisation: Mapped[str | None] = mapped_column(String(200))
    party: Mapped[str | None] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))

    memberships: Mapped[list[Membership]] = relationship(back_populates="person", cascade="all, delete-orphan")


class Membership(Versioned, Base):
    __tablename__ = "membership"
    # One appointment is one person in one body in one role from one date: two imports of the same list at the
    # same moment cannot both store it (migration 0004). A missing start counts as one date.
    __table_args__ = (
        Index("uq_membership_appointment", "person_id", "body_id", "role", text("coalesce(start, '1900-01-01')"),
              unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    seat_id: Mapped[int | None] = mapped_column(ForeignKey("seat.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(40), default="medlem")
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    on_behalf_of: Mapped[str | None] = mapped_column(String(200))
    appointed_by: Mapped[str | None] = mapped_column(String(200))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship(back_populates="memberships")
    body: Mapped[Body] = relationship(back_populates="memberships")
    seat: Mapped[Seat | None] = relationship()
    item: Mapped[AgendaItem | None] = relationship()


# --- Sager ----------------------------------------------------------------------------------------------------


class Case(Versioned, Base):
    """One matter followed along its route (embedsmandsudvalg → K29 → KKR): each step is an AgendaItem."""

    __tablename__ = "case"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    sags_id: Mapped[str | None] = mapped_column(String(60))

    items: Mapped[list[AgendaItem]] = relationship(back_populates="case")


class Meeting(Versioned, Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start: Mapped[str | None] = mapped_column(String(5))
    end: Mapped[str | None] = mapped_column(String(5))
    location: Mapped[str | None] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(20), default="planlagt")

    body: Mapped[Body] = relationship(back_populates="meetings")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    attendance: Mapped[list[Attendance]] = relationship(back_populates="meeting", cascade="all, delete-orphan")


class AgendaItem(Versioned, Base):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="SET NULL"))
    number: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))
    type: Mapped[str | None] = mapped_column(String(60))
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(40), default="kladde")
    standing: Mapped[bool] = mapped_column(Boolean, default=False)
    resume: Mapped[str | None] = mapped_column(Text)
    baggrund: Mapped[str | None] = mapped_column(Text)
    sagsfremstilling: Mapped[str | None] = mapped_column(Text)
    indstilling: Mapped[str | None] = mapped_column(Text)
    oekonomi: Mapped[str | None] = mapped_column(Text)
    beslutning: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    case: Mapped[Case | None] = relationship(back_populates="items")
    bilag: Mapped[list[Bilag]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="Bilag.position"
    )


class Blob(Versioned, Base):
    """A file copied into the store, addressed by content hash so the original may change or vanish."""

    __tablename__ = "blob"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(300))
    mime: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    # Loaded only when read: a listing or the bundle's plan touches thousands of Blob rows for their names.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Bilag(Versioned, Base):
    __tablename__ = "bilag"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))
    author: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[str | None] = mapped_column(String(100))
    draft: Mapped[str | None] = mapped_column(String(200))
    sags_id: Mapped[str | None] = mapped_column(String(60))
    dok_id: Mapped[str | None] = mapped_column(String(60))
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    page_count: Mapped[int | None] = mapped_column(Integer)
    blob_id: Mapped[int | None] = mapped_column(ForeignKey("blob.id", ondelete="RESTRICT"))

    item: Mapped[AgendaItem] = relationship(back_populates="bilag")
    blob: Mapped[Blob | None] = relationship()
    versions: Mapped[list[BilagVersion]] = relationship(back_populates="bilag", cascade="all, delete-orphan")


class BilagVersion(Versioned, Base):
    """An earlier file of a bilag, kept when a new version replaces it."""

    __tablename__ = "bilag_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    bilag_id: Mapped[int] = mapped_column(ForeignKey("bilag.id", ondelete="CASCADE"), index=True)
    blob_id: Mapped[int] = mapped_column(ForeignKey("blob.id", ondelete="RESTRICT"))
    replaced: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    bilag: Mapped[Bilag] = relationship(back_populates="versions")
    blob: Mapped[Blob] = relationship()


class Attendance(Versioned, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    person: Mapped[Person] = relationship()


# --- Tovholdere -----------------------------------------------------------------------------------------------


class Indsats(Versioned, Base):
    """A joint project or strategy action that KKR follows through its tovholdere."""

    __tablename__ = "indsats"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(400))
    category: Mapped[str | None] = mapped_column(String(200))
    plan: Mapped[str | None] = mapped_column(String(200))
    phase: Mapped[str | None] = mapped_column(String(100))
    year: Mapped[int | None] = mapped_column(Integer)
    amount_mio: Mapped[Decimal | None] = mapped_column(DecimalText)
    price_level: Mapped[str | None] = mapped_column(String(20))
    is_frame: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))

    assignments: Mapped[list[Assignment]] = relationship(back_populates="indsats", cascade="all, delete-orphan")
    item: Mapped[AgendaItem | None] = relationship()


class Assignment(Versioned, Base):
    """Indsats × party: who leads (hovedansvarlig), helps (medansvarlig) or follows (interesseret)."""

    __tablename__ = "assignment"
    id: Mapped[int] = mapped_column(primary_key=True)
    indsats_id: Mapped[int] = mapped_column(ForeignKey("indsats.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(200))
    party_kind: Mapped[str] = mapped_column(String(20), default="kommune")  # kommune/region/organ/person
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(20), default="hovedansvarlig")
    status: Mapped[str] = mapped_column(String(20), default="foreslået")
    phase: Mapped[str | None] = mapped_column(String(100))
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    cadence: Mapped[str] = mapped_column(String(40), default="årligt")  # årligt / ved afvigelser / ISO date
    position: Mapped[int] = mapped_column(Integer, default=0)

    indsats: Mapped[Indsats] = relationship(back_populates="assignments")
    reports: Mapped[list[Report]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", order_by="Report.received"
    )


class FormIssue(Versioned, Base):
    """One tovholderskema sent out; its token is part of the form_id so a returned form can be verified."""

    __tablename__ = "form_issue"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(80), unique=True)
    issued: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Report(Versioned, Base):
    __tablename__ = "report"
    # A returned form is stored once, however many processes import it at once (migration 0004).
    __table_args__ = (Index("uq_report_form_issue", "form_issue_id", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    form_issue_id: Mapped[int | None] = mapped_column(ForeignKey("form_issue.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10))  # grøn / gul / rød
    fremdrift: Mapped[str | None] = mapped_column(Text)
    afvigelser: Mapped[str | None] = mapped_column(Text)
    # Whether the afvigelser are in time, money or content (migration 0003); any, all or none may be set.
    afvigelse_tid: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    afvigelse_oekonomi: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    afvigelse_indhold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    naeste_milepaele: Mapped[str | None] = mapped_column(Text)
    kkr_handling: Mapped[bool] = mapped_column(Boolean, default=False)
    udfyldt_af: Mapped[str | None] = mapped_column(String(200))
    dato: Mapped[dt.date | None] = mapped_column(Date)
    received: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)

    assignment: Mapped[Assignment] = relationship(back_populates="reports")


# --- Budgetberegnere ------------------------------------------------------------------------------------------


class Calculation(Versioned, Base):
    """A saved budget calculation: its inputs and result as JSON text (Decimals as strings)."""

    __tablename__ = "calculation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    inputs_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str | None] = mapped_column(Text)
    rounding: Mapped[str] = mapped_column(String(30), default="half-up")
    price_level: Mapped[str | None] = mapped_column(String(40))
    population_source: Mapped[str | None] = mapped_column(String(200))
    population_date: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    indsats_id: Mapped[int | None] = mapped_column(ForeignKey("indsats.id", ondelete="SET NULL"))
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class Setting(Base):
    """Per-store settings, e.g. the secret that signs form ids."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class StoreChange(Base):
    """One row counting committed changes: a window tells its own commits from other windows' and processes'
    by it (SQLite; PostgreSQL uses LISTEN/NOTIFY)."""

    __tablename__ = "store_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    origin: Mapped[str | None] = mapped_column(String(64))
