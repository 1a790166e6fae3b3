"""Cases: submit and decide, read, list, answer questions, record reviews, the reviewer queue.

Every method runs inside the caller's session (one transaction per call), writes its audit row in that
same transaction, and raises the workflow's errors for anything refused: a refused call stores nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Select, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from priorauth.access.roles import ADVERSE_REVIEW_ROLES, Action, Principal
from priorauth.engine.engine import Engine
from priorauth.model.request import InvalidRequest, PriorAuthRequest, parse_request
from priorauth.policy.schema import Node
from priorauth.store import audit
from priorauth.store.tables import AnswerSet, Case, Decision, IdempotencyKey, Review
from priorauth.workflow.due import due_at
from priorauth.workflow.errors import Conflict, Forbidden, NotFound
from priorauth.workflow.status import FINAL, OPEN, case_status, line_states

REVIEW_ACTIONS = ("approve", "not_certified", "modify")


def canonical(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


def body_hash(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


@dataclass(frozen=True, slots=True)
class ManualRequest:
    """What the store needs of a request that no engine run decides: every line of it is outside the
    loaded policies (a FHIR claim for services that are not imaging, say), so it goes to manual
    handling whole, even when it lacks what the engine would need (a birth date, a diagnosis)."""

    request_id: str | None
    payer: str
    urgency: str


@dataclass(frozen=True, slots=True)
class Prepared:
    """A submission validated and decided, not yet stored."""

    who: Principal
    data: Any
    request: PriorAuthRequest | ManualRequest
    result: dict[str, Any]
    digest: str
    received_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AnswerDraft:
    """Answers checked against a case, waiting for the engine's decision on them."""

    case_id: str
    seq: int  # the number of decisions the case had when the answers were checked
    given: dict[str, Any]
    merged: dict[str, Any]
    request: PriorAuthRequest


@dataclass(slots=True)
class Submitted:
    case: Case
    replayed: bool  # the same Idempotency-Key and body came before: this is that case


@dataclass(slots=True)
class CaseFilter:
    status: str | None = None
    payer: str | None = None
    urgency: str | None = None
    org: str | None = None
    request_ref: str | None = None
    overdue: bool | None = None
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None
    limit: int = 50
    offset: int = 0


@dataclass(slots=True)
class Page:
    items: list[Case]
    total: int
    limit: int
    offset: int


@dataclass(slots=True)
class ReviewInput:
    action: str
    rationale: str
    criterion: str | None = None
    service: str | None = None
    modification: str | None = None


@dataclass(slots=True)
class Workflow:
    engine: Engine
    now: Any = field(default=lambda: dt.datetime.now(dt.UTC))  # a clock the tests can set

    # -- submit -------------------------------------------------------------------------------
    def submit(
        self,
        session: Session,
        who: Principal,
        data: Any,
        idempotency_key: str | None = None,
        remote: str | None = None,
    ) -> Submitted:
        return self.store(session, self.prepare(who, data), idempotency_key, remote)

    def prepare(self, who: Principal, data: Any) -> Prepared:
        """Validate and decide a submitted request; no store is touched (so the engine's work holds
        no database lock)."""
        self._require(who, Action.submit)
        request = parse_request(data)
        result = self.engine.decide(request)  # may refuse answers that do not fit their facts
        return Prepared(who, data, request, result, body_hash(data), self.now())

    def prepare_manual(
        self, who: Principal, data: Any, request: ManualRequest, result: dict[str, Any]
    ) -> Prepared:
        """A submission whose lines are all `no_policy` (decided by the caller, which has checked that
        no loaded policy covers them): stored as received, routed to manual handling. Such a case has
        no questions to answer, so it is never decided again."""
        self._require(who, Action.submit)
        if any(line["outcome"] != "no_policy" for line in result["decisions"]):
            raise ValueError("a manual submission holds no_policy lines only")
        return Prepared(who, data, request, result, body_hash(data), self.now())

    def store(
        self,
        session: Session,
        prepared: Prepared,
        idempotency_key: str | None = None,
        remote: str | None = None,
    ) -> Submitted:
        """Store a prepared submission as a new case, or answer with the case its Idempotency-Key
        was first used for."""
        who, request, digest = prepared.who, prepared.request, prepared.digest
        org = who.org or "-"
        if idempotency_key is not None:
            earlier = self._replay(session, org, idempotency_key, digest)
            if earlier is not None:
                audit.record(session, who, "case.submit.replay", earlier.id, remote)
                return Submitted(earlier, True)
        received = prepared.received_at
        case = Case(
            id=uuid.uuid4().hex,
            org=org,
            request_ref=request.request_id,
            payer=request.payer,
            urgency=request.urgency,
            status="",
            request_body=canonical(prepared.data).decode(),
            request_hash=digest,
            answers={},
            received_at=received,
            due_at=due_at(received, request.urgency),
            decided_at=None,
            extended=False,
            submitted_by=who.key_id,
        )
        case.decisions, case.reviews, case.answer_sets = [], [], []  # new: nothing to load
        self._add_decision(case, prepared.result, "submitted", received)
        rows: list[Any] = [case, *case.decisions]
        if idempotency_key is not None:
            rows.append(
                IdempotencyKey(
                    org=org,
                    key=idempotency_key,
                    body_hash=digest,
                    case_id=case.id,
                    created_at=received,
                )
            )
        rows.append(audit.event(who, "case.submit", case.id, remote, case.status))
        try:
            insert_new(session, rows)
        except IntegrityError:
            # Another submission with this Idempotency-Key won the race: answer as it was answered.
            session.rollback()
            if idempotency_key is None:
                raise
            earlier = self._replay(session, org, idempotency_key, digest)
            if earlier is None:  # pragma: no cover - the row that conflicted is there
                raise
            audit.record(session, who, "case.submit.replay", earlier.id, remote)
            return Submitted(earlier, True)
        return Submitted(case, False)

    def _replay(self, session: Session, org: str, key: str, digest: str) -> Case | None:
        row = session.get(IdempotencyKey, (org, key))
        if row is None:
            return None
        if row.body_hash != digest:
            raise Conflict(f"Idempotency-Key {key!r} was used before with a different request body")
        return session.get(Case, row.case_id)

    # -- read ---------------------------------------------------------------------------------
    def get(
        self, session: Session, who: Principal, case_id: str, remote: str | None = None
    ) -> Case:
        self._require(who, Action.read_case)
        case = session.get(Case, case_id)
        if case is None or not who.sees_org(case.org):
            audit.record(session, who, "case.read.refused", case_id, remote, "not found")
            raise NotFound(f"no case {case_id!r}")
        audit.record(session, who, "case.read", case.id, remote)
        return case

    def list_cases(
        self, session: Session, who: Principal, where: CaseFilter, remote: str | None = None
    ) -> Page:
        self._require(who, Action.list_cases)
        query = select(Case)
        if not who.sees_org("") or (who.org and who.role.value == "submitter"):
            query = query.where(Case.org == who.org)
        elif where.org is not None:
            query = query.where(Case.org == where.org)
        query = self._filtered(query, where)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        items = list(
            session.scalars(
                query.order_by(Case.received_at.desc(), Case.id)
                .limit(where.limit)
                .offset(where.offset)
            )
        )
        audit.record(session, who, "case.list", None, remote, f"{len(items)} of {total}")
        return Page(items, total, where.limit, where.offset)

    def _filtered(self, query: Select[Any], where: CaseFilter) -> Select[Any]:
        if where.status is not None:
            query = query.where(Case.status == where.status)
        if where.payer is not None:
            query = query.where(Case.payer == where.payer)
        if where.urgency is not None:
            query = query.where(Case.urgency == where.urgency)
        if where.request_ref is not None:
            query = query.where(Case.request_ref == where.request_ref)
        if where.received_from is not None:
            query = query.where(Case.received_at >= where.received_from)
        if where.received_to is not None:
            query = query.where(Case.received_at < where.received_to)
        if where.overdue is not None:
            late = Case.status.in_(OPEN) & (Case.due_at < self.now())
            query = query.where(late if where.overdue else ~late)
        return query

    def queue(
        self,
        session: Session,
        who: Principal,
        include_pended: bool = False,
        limit: int = 50,
        offset: int = 0,
        remote: str | None = None,
    ) -> Page:
        """Cases waiting for a clinician, the soonest due first (pended ones too, if asked)."""
        self._require(who, Action.read_queue)
        statuses = ["in_review", "pended"] if include_pended else ["in_review"]
        query = select(Case).where(Case.status.in_(statuses))
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        items = list(
            session.scalars(query.order_by(Case.due_at, Case.id).limit(limit).offset(offset))
        )
        audit.record(session, who, "queue.read", None, remote, f"{len(items)} of {total}")
        return Page(items, total, limit, offset)

    # -- answers ------------------------------------------------------------------------------
    def answer(
        self,
        session: Session,
        who: Principal,
        case_id: str,
        answers: Any,
        remote: str | None = None,
    ) -> Case:
        """Record answers to a pended case's questions and decide it again at once."""
        draft = self.open_answer(session, who, case_id, answers, remote)
        return self.record_answer(session, who, draft, self.engine.decide(draft.request), remote)

    def open_answer(
        self,
        session: Session,
        who: Principal,
        case_id: str,
        answers: Any,
        remote: str | None = None,
    ) -> AnswerDraft:
        """Check answers against the case (it has open questions; each answer fits its fact). The
        engine's decision on them can then be made outside the transaction (`record_answer`)."""
        self._require(who, Action.answer)
        case = self.get(session, who, case_id, remote)
        if not isinstance(answers, dict) or not answers:
            raise InvalidRequest("answers: must be a non-empty object of fact id to value")
        if not any(line.engine_outcome == "pended" for line in self.lines(case)):
            raise Conflict(f"case {case.id} has no open questions (status {case.status})")
        merged = {**case.answers, **answers}
        request = self.request_of(case, merged)  # refuses an answer that does not fit its fact
        return AnswerDraft(case.id, len(case.decisions), answers, merged, request)

    def record_answer(
        self,
        session: Session,
        who: Principal,
        draft: AnswerDraft,
        result: dict[str, Any],
        remote: str | None = None,
    ) -> Case:
        """Store answers and the decision made on them, unless the case was decided again since
        the draft was opened (then Conflict: the answers must be looked at against the new state)."""
        case = session.get(Case, draft.case_id)
        if case is None or len(case.decisions) != draft.seq:
            raise Conflict(
                f"case {draft.case_id} changed while the answers were decided; send them again"
            )
        at = self.now()
        case.answers = draft.merged
        case.answer_sets.append(
            AnswerSet(case_id=case.id, given_at=at, given_by=who.key_id, answers=draft.given)
        )
        self._add_decision(case, result, "answers", at)
        audit.record(session, who, "case.answer", case.id, remote, case.status)
        session.flush()
        return case

    # -- reviews ------------------------------------------------------------------------------
    def review(
        self,
        session: Session,
        who: Principal,
        case_id: str,
        given: ReviewInput,
        remote: str | None = None,
    ) -> Case:
        self._require(who, Action.review)
        case = self.get(session, who, case_id, remote)
        self._check_review(case, who, given)
        at = self.now()
        row = Review(
            case_id=case.id,
            at=at,
            reviewer=who.key_id,
            role=who.role.value,
            action=given.action,
            service=given.service,
            rationale=given.rationale.strip(),
            criterion=given.criterion,
            modification=given.modification,
        )
        case.reviews.append(row)
        self._set_status(case, at)
        audit.record(session, who, "case.review", case.id, remote, given.action)
        session.flush()
        return case

    def _check_review(self, case: Case, who: Principal, given: ReviewInput) -> None:
        if given.action not in REVIEW_ACTIONS:
            raise InvalidRequest(
                f"action: {given.action!r} is not one of {', '.join(REVIEW_ACTIONS)}"
            )
        if given.action != "approve" and who.role not in ADVERSE_REVIEW_ROLES:
            raise Forbidden(f"a {given.action} decision needs a reviewer with the physician role")
        if not given.rationale or not given.rationale.strip():
            raise InvalidRequest("rationale: is required: say why, citing the policy")
        lines = {d["service"]: d for d in self.latest(case).result["decisions"]}
        if given.service is not None and given.service not in lines:
            raise InvalidRequest(
                f"service: {given.service!r} is not a service line of case {case.id} "
                f"({', '.join(lines)})"
            )
        if given.action == "not_certified" and not given.criterion:
            raise InvalidRequest(
                "criterion: is required for a not_certified decision: name the criterion it rests on"
            )
        if given.action == "modify" and not (given.modification and given.modification.strip()):
            raise InvalidRequest(
                "modification: is required for a modify decision: say what changes"
            )
        if given.criterion:
            targets = [lines[given.service]] if given.service else list(lines.values())
            known = set().union(*(self._criteria_ids(d) for d in targets))
            if known and given.criterion not in known:
                raise InvalidRequest(
                    f"criterion: {given.criterion!r} is not a criterion of the policy "
                    f"{'/'.join(sorted({d['policy']['id'] for d in targets if d['policy']}))}"
                )

    def _criteria_ids(self, decision: dict[str, Any]) -> set[str]:
        if not decision.get("policy"):
            return set()
        policy = self.engine.registry.by_id.get(decision["policy"]["id"])
        if policy is None:
            return set()
        return {node.id for node in _walk(policy.files.criteria.criteria)}

    # -- shared -------------------------------------------------------------------------------
    def request_of(self, case: Case, answers: dict[str, Any] | None = None) -> PriorAuthRequest:
        """The stored request, with the answers given since (for deciding it again)."""
        data = orjson.loads(case.request_body)
        data["answers"] = {
            **data.get("answers", {}),
            **(case.answers if answers is None else answers),
        }
        return parse_request(data)

    def redecide(self, case: Case) -> dict[str, Any]:
        """The decision the engine gives now for the stored request and answers (not stored)."""
        return self.engine.decide(self.request_of(case))

    @staticmethod
    def latest(case: Case) -> Decision:
        return case.decisions[-1]

    def lines(self, case: Case) -> list[Any]:
        return line_states(self.latest(case).result, case.reviews)

    def _add_decision(
        self, case: Case, result: dict[str, Any], trigger: str, at: dt.datetime
    ) -> None:
        policies = []
        for line in result["decisions"]:
            ref = line.get("policy")
            if ref:
                compiled = self.engine.registry.by_id.get(ref["id"])
                sha = compiled.manifest.source.sha256 if compiled else ""
                policies.append(
                    {
                        "service": line["service"],
                        "id": ref["id"],
                        "version": ref["version"],
                        "sha256": sha,
                    }
                )
        seq = len(case.decisions) + 1
        case.decisions.append(
            Decision(
                case_id=case.id,
                seq=seq,
                made_at=at,
                trigger=trigger,
                result=result,
                policies=policies,
            )
        )
        self._set_status(case, at)

    def _set_status(self, case: Case, at: dt.datetime) -> None:
        status = case_status(line_states(self.latest(case).result, case.reviews))
        if status == "pended":
            case.extended = True  # the time frame was extended to wait for information
        if status not in FINAL:
            case.decided_at = None
        elif status != case.status or case.decided_at is None:
            case.decided_at = at
        case.status = status

    @staticmethod
    def _require(who: Principal, action: Action) -> None:
        if not who.may(action):
            raise Forbidden(f"the {who.role.value} role may not {action.value.replace('_', ' ')}")


def insert_new(session: Session, rows: list[Any]) -> None:
    """Insert new rows with one plain INSERT each, in order, inside the session's transaction.

    A new case is written once and read back through the session later; building it as ORM objects
    and flushing them through the unit of work cost twice the time of the engine's decision
    (measured), so the submit path writes the objects' columns directly. The objects stay usable
    for the response."""
    connection = session.connection()
    for row in rows:
        table = row.__table__
        values = {c.key: getattr(row, c.key) for c in table.columns if c.key in row.__dict__}
        connection.execute(insert(table), values)


def _walk(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from _walk(node.children)
