"""What every route shares: the engine, the store, the workflow, the key cache, and where the work runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine as Database
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from priorauth.access.keys import KeyCache
from priorauth.access.roles import Principal
from priorauth.settings import Settings
from priorauth.store.database import WriterLock
from priorauth.workflow.cases import Workflow
from priorauth.workflow.errors import Forbidden, NotFound
from priorauth.workflow.views import case_view

T = TypeVar("T")


@dataclass(slots=True)
class ServiceState:
    settings: Settings
    database: Database
    sessions: sessionmaker[Session]
    workflow: Workflow
    keys: KeyCache
    lock: WriterLock = field(init=False)

    def __post_init__(self) -> None:
        self.lock = WriterLock(self.database)

    async def run(self, work: Callable[[], T]) -> T:
        """Run the engine's and the store's work for one request.

        On a SQLite file it runs right here on the event loop: the work is a millisecond of CPU and
        local file I/O, and handing it to a thread costs more than it saves. Every call that releases
        the GIL there (SQLite, flock) has to win it back from the event loop thread, up to the
        interpreter's 5 ms switch interval each time; measured, that convoy halved throughput and set
        the p99. Over the network (PostgreSQL) a thread pool keeps the loop free while it waits."""
        if self.lock.enabled:
            return work()
        return await run_in_threadpool(work)

    async def answer_case(
        self, who: Principal, case_id: str, answers: dict[str, Any], where: str | None
    ) -> dict[str, Any]:
        """Check answers, decide on them outside any transaction (the engine's time holds no store
        lock), then store them with the decision; the case view after."""

        def work() -> dict[str, Any]:
            with self.transaction() as session:
                draft = self.workflow.open_answer(session, who, case_id, answers, where)
            result = self.workflow.engine.decide(draft.request)
            with self.transaction() as session:
                case = self.workflow.record_answer(session, who, draft, result, where)
                return case_view(case, self.now())

        return await self.run(work)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction, committed before the response is sent, so that an acknowledged request
        is stored. A refused read (not found, forbidden) still commits its audit row."""
        with self.lock, self.sessions() as session:
            try:
                yield session
                session.commit()
            except (NotFound, Forbidden):
                session.commit()
                raise
            except BaseException:
                session.rollback()
                raise

    def now(self) -> dt.datetime:
        moment: dt.datetime = self.workflow.now()
        return moment

    def close(self) -> None:
        self.database.dispose()
