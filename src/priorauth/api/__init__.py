"""The REST API (FastAPI): `create_app` builds it over one engine and one store."""

from priorauth.api.app import create_app

__all__ = ["create_app"]
