"""A tiny declarative checker for exercise files: required fields, types, unknown keys.

A schema maps field names to :class:`Field`. :func:`check_fields` returns
``(field, message)`` pairs with dotted paths such as ``items[3].answer``, so a
problem can be reported as ``FILE: ID: FIELD: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

KINDS = {
    "text": (str,),  # a non-empty string shown to learners
    "id": (str,),  # a stable kebab-case id
    "int": (int,),
    "number": (int, float),
    "bool": (bool,),
    "ids": (list,),  # a list of ids
    "tables": (list,),  # an array of tables, each checked against Field.schema
    "table": (dict,),  # one table checked against Field.schema
    "any": (object,),  # plain data, checked by the type module
}
KIND_NAMES = {
    "text": "a non-empty string",
    "id": "an id (lowercase letters, digits and dashes)",
    "int": "a whole number",
    "number": "a number",
    "bool": "true or false",
    "ids": "a list of ids",
    "tables": "an array of tables ([[...]] blocks)",
    "table": "a table ([...] block)",
    "any": "a value",
}


@dataclass(frozen=True)
class Field:
    """One field of a schema: its kind, whether it is required, the schema of sub-tables."""

    kind: str
    required: bool = True
    schema: dict[str, Field] | None = None


def is_id(value: object) -> bool:
    """True for a kebab-case id such as ``build-schedule`` or ``pmp``."""
    if not isinstance(value, str) or not value or value[0] == "-":
        return False
    return all(c.islower() or c.isdigit() or c == "-" for c in value) and value.isascii()


def _kind_ok(kind: str, value: object) -> bool:
    if kind in ("int", "number") and isinstance(value, bool):
        return False
    if not isinstance(value, KINDS[kind]):
        return False
    if kind == "text":
        return bool(cast(str, value).strip())
    if kind == "id":
        return is_id(value)
    if kind == "ids":
        return all(is_id(v) for v in cast(list, value))
    return True


def check_fields(data: dict, schema: dict[str, Field], prefix: str = "") -> list[tuple[str, str]]:
    """Problems with ``data`` against ``schema``: unknown keys, missing fields, wrong kinds.

    >>> check_fields({"id": "a", "colour": 1}, {"id": Field("id")})
    [('colour', 'unknown field; allowed: id')]
    """
    problems = []
    for key in data:
        if key not in schema:
            allowed = ", ".join(schema)
            problems.append((prefix + key, f"unknown field; allowed: {allowed}"))
    for key, field in schema.items():
        path = prefix + key
        if key not in data:
            if field.required:
                problems.append((path, f"missing; it must be {KIND_NAMES[field.kind]}"))
            continue
        value = data[key]
        if not _kind_ok(field.kind, value):
            problems.append((path, f"must be {KIND_NAMES[field.kind]}, not {value!r:.60}"))
        elif field.kind == "tables":
            problems += _check_tables(value, field.schema or {}, path)
        elif field.kind == "table":
            problems += check_fields(value, field.schema or {}, path + ".")
    return problems


def _check_tables(rows: list, schema: dict[str, Field], path: str) -> list[tuple[str, str]]:
    problems = []
    if not rows:
        return [(path, "must not be empty")]
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            problems.append((f"{path}[{i}]", "must be a table"))
        else:
            problems += check_fields(row, schema, f"{path}[{i}].")
    if "id" in schema:
        seen = set()
        for i, row in enumerate(rows):
            rid = row.get("id") if isinstance(row, dict) else None
            if rid in seen:
                problems.append((f"{path}[{i}].id", f"duplicate id {rid!r}"))
            seen.add(rid)
    return problems
