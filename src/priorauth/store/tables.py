"""The store's tables. A case keeps the request as received; decisions, answers, reviews and the audit
log are rows appended beside it, never rewritten."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# SQLite wants INTEGER PRIMARY KEY for its row id; PostgreSQL gets a BIGINT identity.
RowId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no zone: it stores UTC, we put the zone back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[dict[str, str]]: JSON,
    }


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    org: Mapped[str] = mapped_column(String(100), index=True)
    request_ref: Mapped[str | None] = mapped_column(String(200))  # the client's request_id
    payer: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), index=True)
    request_body: Mapped[str] = mapped_column(Text)  # the request as received (canonical JSON)
    request_hash: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # all answers given so far
    received_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime] = mapped_column(index=True)
    decided_at: Mapped[dt.datetime | None]  # when the case reached a final status
    extended: Mapped[bool] = mapped_column(Boolean, default=False)  # pended for information once
    submitted_by: Mapped[str] = mapped_column(String(32))

    decisions: Mapped[list[Decision]] = relationship(
        back_populates="case", order_by="Decision.seq", lazy="selectin"
    )
    answer_sets: Mapped[list[AnswerSet]] = relationship(order_by="AnswerSet.id", lazy="selectin")
    reviews: Mapped[list[Review]] = relationship(order_by="Review.id", lazy="selectin")

    __table_args__ = (Index("ix_cases_org_received", "org", "received_at"),)


class Decision(Base):
    """One engine run over the case's request (at submission, after answers): reproducible from the
    request, its answers and the policy versions recorded here."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    made_at: Mapped[dt.datetime]
    trigger: Mapped[str] = mapped_column(String(20))  # submitted | answers
    result: Mapped[dict[str, Any]] = mapped_column(JSON)  # the engine's decision JSON
    policies: Mapped[list[dict[str, str]]] = mapped_column(JSON)  # id, version, sha256 per line

    case: Mapped[Case] = relationship(back_populates="decisions")

    __table_args__ = (UniqueConstraint("case_id", "seq"),)


class AnswerSet(Base):
    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    given_at: Mapped[dt.datetime]
    given_by: Mapped[str] = mapped_column(String(32))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)


class Review(Base):
    """A clinician's decision on one service line (or every line when `service` is null)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[dt.datetime]
    reviewer: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))  # approve | not_certified | modify
    service: Mapped[str | None] = mapped_column(String(10))
    rationale: Mapped[str] = mapped_column(Text)
    criterion: Mapped[str | None] = mapped_column(String(200))
    modification: Mapped[str | None] = mapped_column(Text)


class AuditEvent(Base):
    """Append-only (triggers refuse UPDATE and DELETE): who did what to which case, when, from where.
    Ids and action names only, never note text or other PHI."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(RowId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(20))
    org: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[str | None] = mapped_column(String(32), index=True)
    remote: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(200))


class ApiKey(Base):
    """Keys are stored as the SHA-256 of their secret; `id` is the public prefix printed in the key."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    org: Mapped[str | None] = mapped_column(String(100))
    label: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class IdempotencyKey(Base):
    """A client's Idempotency-Key, per organisation, bound to the body it first came with."""

    __tablename__ = "idempotency_keys"

    org: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    body_hash: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    created_at: Mapped[dt.datetime]


class CoverageAssertion(Base):
    """What a CRD hook call told an ordering provider about one order, kept so that the assertion id a
    claim or a later prior-authorization request quotes can be honoured, and so that DTR can build the
    order's questionnaire. The request is the native one derived from the hook's context."""

    __tablename__ = "coverage_assertions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    made_at: Mapped[dt.datetime]
    org: Mapped[str] = mapped_column(String(100), index=True)
    key_id: Mapped[str] = mapped_column(String(32))
    hook: Mapped[str] = mapped_column(String(40))
    service: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(20))
    request_body: Mapped[str] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
