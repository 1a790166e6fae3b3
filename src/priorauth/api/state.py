"""What every route shares: the engine, the store, the workflow, the key cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine as Database
from sqlalchemy.orm import Session, sessionmaker

from priorauth.access.keys import KeyCache
from priorauth.settings import Settings
from priorauth.workflow.cases import Workflow
from priorauth.workflow.errors import Forbidden, NotFound


@dataclass(slots=True)
class ServiceState:
    settings: Settings
    database: Database
    sessions: sessionmaker[Session]
    workflow: Workflow
    keys: KeyCache

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction, committed before the response is sent, so that an acknowledged request
        is stored. A refused read (not found, forbidden) still commits its audit row."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except (NotFound, Forbidden):
            session.commit()
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def now(self) -> dt.datetime:
        moment: dt.datetime = self.workflow.now()
        return moment
