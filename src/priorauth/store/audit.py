"""The audit log: one row per read or write of a case, in the same transaction as the act itself."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from priorauth.access.roles import Principal
from priorauth.store.tables import AuditEvent


def event(
    principal: Principal,
    action: str,
    case_id: str | None = None,
    remote: str | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """`detail` is a short machine word or id list (an outcome, a count), never request content."""
    return AuditEvent(
        at=dt.datetime.now(dt.UTC),
        actor=principal.key_id,
        role=principal.role.value,
        org=principal.org,
        action=action,
        case_id=case_id,
        remote=remote,
        detail=detail[:200] if detail else None,
    )


def record(
    session: Session,
    principal: Principal,
    action: str,
    case_id: str | None = None,
    remote: str | None = None,
    detail: str | None = None,
) -> None:
    session.add(event(principal, action, case_id, remote, detail))
