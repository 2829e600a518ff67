"""JSON text for every output: standard JSON only (no ``Infinity`` or ``NaN``, which strict
parsers reject): a number that is not finite is written as ``null``."""

from __future__ import annotations

import json
import math
from typing import Any


def finite(value: Any) -> Any:
    """``value`` with every infinite or NaN float (at any depth) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def dumps(data: Any, *, indent: int | None = 2, ascii_only: bool = False) -> str:
    """``data`` as JSON text with a final newline; never ``Infinity``/``NaN``."""
    return json.dumps(finite(data), indent=indent, ensure_ascii=ascii_only, allow_nan=False) + "\n"
