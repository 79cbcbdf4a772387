"""A readable comparison of two versions of an action plan, field by field."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from app.records.plans.models import ACTION_FIELDS, INDICATOR_FIELDS, TEXT_FIELDS

# Latin words and numbers are compared whole; every other character (CJK has no spaces between
# words) on its own, so a changed word in Chinese or Japanese shows as just that word.
TOKEN = re.compile(r"[A-Za-z0-9_]+|\s+|.", re.DOTALL)


@dataclass
class Segment:
    kind: str  # "same", "added", "removed"
    text: str


@dataclass
class FieldChange:
    field: str  # e.g. "goals", "actions", "title"
    row: int | None  # 1-based row of a list field
    part: str | None  # e.g. "owner" in an action row
    segments: list[Segment] = field(default_factory=list)


def compare_text(old: str, new: str) -> list[Segment]:
    a, b = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(b[j1:j2])))
    return segments


def _rows(content: dict, name: str) -> list[dict]:
    return [row for row in content.get(name) or [] if isinstance(row, dict)]


def compare(old_title: str, old: dict, new_title: str, new: dict) -> list[FieldChange]:
    """Only what changed: each text field, and each part of each action and indicator row."""
    changes: list[FieldChange] = []
    if (old_title or "") != (new_title or ""):
        changes.append(FieldChange("title", None, None, compare_text(old_title, new_title)))
    for name in TEXT_FIELDS:
        before, after = old.get(name) or "", new.get(name) or ""
        if before != after:
            changes.append(FieldChange(name, None, None, compare_text(before, after)))
    for name, parts in (("actions", ACTION_FIELDS), ("indicators", INDICATOR_FIELDS)):
        before_rows, after_rows = _rows(old, name), _rows(new, name)
        for index in range(max(len(before_rows), len(after_rows))):
            a = before_rows[index] if index < len(before_rows) else {}
            b = after_rows[index] if index < len(after_rows) else {}
            for part in parts:
                x, y = str(a.get(part) or ""), str(b.get(part) or "")
                if x != y:
                    changes.append(FieldChange(name, index + 1, part, compare_text(x, y)))
    return changes
