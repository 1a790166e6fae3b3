"""Typed dependencies: the service state and the authenticated caller."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from priorauth.access.keys import InvalidKey, verify_key
from priorauth.access.roles import Principal
from priorauth.api.state import ServiceState

bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer pa_...`")


async def get_state(request: Request) -> ServiceState:
    # async: FastAPI runs a plain-def dependency in a thread, which costs a GIL hand-over per request
    state: ServiceState = request.app.state.service
    return state


State = Annotated[ServiceState, Depends(get_state)]


async def get_principal(
    request: Request,
    state: State,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise InvalidKey("send an API key: Authorization: Bearer <key>")
    token = credentials.credentials
    principal = state.keys.get(token)
    if principal is None:

        def lookup() -> Principal:
            with state.sessions() as session:
                return verify_key(session, token)

        principal = await state.run(lookup)
        state.keys.put(token, principal)
    request.state.principal = principal
    return principal


Caller = Annotated[Principal, Depends(get_principal)]


def fhir_base(request: Request) -> str:
    """This server's FHIR base URL, as the caller reached it (canonicals of our questionnaires)."""
    return str(request.base_url).rstrip("/") + "/fhir"


def remote(request: Request) -> str | None:
    return request.client.host if request.client else None


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A query's date-time; one given without a zone is taken as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)
