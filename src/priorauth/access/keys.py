"""API keys: `pa_<id>_<secret>`. The id is public and indexes the row; only SHA-256 of the secret is
stored. Keys carry 256 bits of randomness, so a plain (unsalted, fast) hash is the standard choice: a slow
password hash would protect nothing more and cost milliseconds on every request."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time

from sqlalchemy.orm import Session

from priorauth.access.roles import Principal, Role
from priorauth.store.tables import ApiKey

PREFIX = "pa_"


class InvalidKey(ValueError):
    """A key that is malformed, unknown or revoked (the message never repeats the secret)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(session: Session, role: Role, org: str | None, label: str | None = None) -> str:
    """Store a new key and return it in full; this is the only time the secret is seen."""
    if role is Role.submitter and not org:
        raise ValueError(
            "a submitter key needs --org: submitters see only their organisation's cases"
        )
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    session.add(
        ApiKey(
            id=key_id,
            secret_hash=_hash(secret),
            role=role.value,
            org=org,
            label=label,
            created_at=dt.datetime.now(dt.UTC),
            revoked_at=None,
        )
    )
    return f"{PREFIX}{key_id}_{secret}"


def revoke_key(session: Session, key_id: str) -> bool:
    row = session.get(ApiKey, key_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = dt.datetime.now(dt.UTC)
    return True


def split_key(token: str) -> tuple[str, str]:
    if not token.startswith(PREFIX) or token.count("_") < 2:
        raise InvalidKey("the API key is malformed")
    key_id, secret = token.removeprefix(PREFIX).split("_", 1)
    return key_id, secret


def verify_key(session: Session, token: str) -> Principal:
    key_id, secret = split_key(token)
    row = session.get(ApiKey, key_id)
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(secret)):
        raise InvalidKey("the API key is not valid")
    if row.revoked_at is not None:
        raise InvalidKey("the API key has been revoked")
    return Principal(row.id, Role(row.role), row.org)


class KeyCache:
    """Verified keys, trusted for `ttl` seconds so that a request costs no key lookup; a revoked key
    stops working within `ttl`. Keyed by the token's hash, so no secret is kept in memory."""

    def __init__(self, ttl: float, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._items: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def get(self, token: str) -> Principal | None:
        item = self._items.get(_hash(token))
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    def put(self, token: str, principal: Principal) -> None:
        with self._lock:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[_hash(token)] = (time.monotonic() + self.ttl, principal)
