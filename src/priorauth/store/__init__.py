"""The case store: SQLAlchemy 2 tables, Alembic migrations, and the one place that reads and writes cases."""
