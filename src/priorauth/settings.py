"""Service settings, read from the environment (pydantic-settings): where the store is, which policies."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """`DATABASE_URL` selects the store (default: a SQLite file under the data directory);
    `PRIORAUTH_DATA_DIR`, `PRIORAUTH_POLICIES`, `PRIORAUTH_READ_NOTES`, `PRIORAUTH_LOG_LEVEL` the rest."""

    model_config = SettingsConfigDict(env_prefix="PRIORAUTH_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    policies: Path | None = None
    read_notes: bool = True
    log_level: str = "INFO"
    # How long a verified API key is trusted without looking it up again (revocation takes this long).
    key_cache_seconds: float = 30.0
    # FHIR requests name an insurer, not a program: insurer identifier values, Organization ids or
    # names → program (PRIORAUTH_FHIR_PAYERS as JSON), and the program for insurers not listed.
    fhir_payers: dict[str, str] = Field(default_factory=dict)
    fhir_default_program: str = "healthhelp"

    def store_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'priorauth.db').resolve()}"


def normalise_database_url(url: str) -> str:
    """`postgresql://` and `postgres://` (as platforms hand them out) mean psycopg 3 here."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
