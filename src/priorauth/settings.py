"""Service settings, read from the environment (pydantic-settings): where the store is, which policies."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """`DATABASE_URL` selects the store (default: a SQLite file under the data directory);
    `PRIORAUTH_DATA_DIR`, `PRIORAUTH_POLICIES`, `PRIORAUTH_READ_NOTES`, `PRIORAUTH_LOG_LEVEL` the rest.

    FHIR (Da Vinci PAS): `PRIORAUTH_FHIR_PAYERS` is a JSON object from an insurer's identifier value,
    Organization id or name (as Claim.insurer and Coverage.payor give them) to a program, e.g.
    `{"1234567893": "cigna", "Cohere Health": "cohere"}`; an insurer not listed gets
    `PRIORAUTH_FHIR_DEFAULT_PROGRAM` (healthhelp). `PRIORAUTH_FHIR_AUTH_DAYS` is how long an
    authorization issued through PAS is valid (extension-itemPreAuthPeriod), from the request date."""

    model_config = SettingsConfigDict(env_prefix="PRIORAUTH_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    policies: Path | None = None
    read_notes: bool = True
    log_level: str = "INFO"
    # How long a verified API key is trusted without looking it up again (revocation takes this long).
    key_cache_seconds: float = 30.0
    # FHIR requests name an insurer, not a program (see the class docstring).
    fhir_payers: dict[str, str] = Field(default_factory=dict)
    fhir_default_program: str = "healthhelp"
    fhir_auth_days: int = Field(default=90, ge=1)

    @field_validator("fhir_default_program")
    @classmethod
    def _known_default(cls, program: str) -> str:
        return _program(program)

    @field_validator("fhir_payers")
    @classmethod
    def _known_programs(cls, payers: dict[str, str]) -> dict[str, str]:
        return {insurer.strip().casefold(): _program(p) for insurer, p in payers.items()}

    def store_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'priorauth.db').resolve()}"


def _program(program: str) -> str:
    from priorauth.model.request import PROGRAMS

    if program not in PROGRAMS:
        raise ValueError(f"{program!r} is not a program ({', '.join(PROGRAMS)})")
    return program


def normalise_database_url(url: str) -> str:
    """`postgresql://` and `postgres://` (as platforms hand them out) mean psycopg 3 here."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
