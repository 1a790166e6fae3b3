"""JSON responses rendered by orjson. Routes return them directly: the case views are plain dicts of
JSON types already, so FastAPI's jsonable_encoder pass over them would only cost time."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse


class Json(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
