"""Alembic environment: runs migrations on the engine handed over by priorauth.store.database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from priorauth.store.tables import Base

config = context.config
engine = config.attributes.get("engine") or create_engine(
    config.get_main_option("sqlalchemy.url", "")
)

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
