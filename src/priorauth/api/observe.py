"""One log line and two Prometheus metrics per HTTP request: route template, status, milliseconds, ids.

A plain ASGI middleware: Starlette's BaseHTTPMiddleware runs the app in a task of its own and wraps the
response in a stream, which costs more per request than the log line itself."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from priorauth.observability.metrics import HTTP_REQUESTS, HTTP_SECONDS

log = logging.getLogger("priorauth.api")


class Observe:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", "unmatched")
            HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
            HTTP_SECONDS.labels(route).observe(elapsed)
            if log.isEnabledFor(logging.INFO):
                state = scope.get("state", {})
                principal = state.get("principal")
                log.info(
                    "http",
                    extra={
                        "method": scope["method"],
                        "route": route,
                        "status": status,
                        "ms": round(elapsed * 1000, 2),
                        "case_id": state.get("case_id"),
                        "outcome": state.get("outcome"),
                        "key_id": principal.key_id if principal else None,
                        "role": principal.role.value if principal else None,
                    },
                )
