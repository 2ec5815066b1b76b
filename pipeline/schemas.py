"""JSON Schemas generated from the models. ``schemas/*.schema.json`` are these, committed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .case.models import Case


def _case_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cuishou.invalid/schemas/case.schema.json"
    return schema


# Later stages register their own documented shapes (claim, manifest) here.
_GENERATORS: dict[str, Callable[[], dict[str, Any]]] = {"case": _case_schema}


def register(name: str, generator: Callable[[], dict[str, Any]]) -> None:
    _GENERATORS[name] = generator


def generated_schemas() -> list[str]:
    _load_all()
    return sorted(_GENERATORS)


def _load_all() -> None:
    # Import the modules that register schemas, so the list is complete.
    import importlib

    for mod in ("pipeline.law.claim", "pipeline.manifest"):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def schema_text(name: str) -> str:
    _load_all()
    return json.dumps(_GENERATORS[name](), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
