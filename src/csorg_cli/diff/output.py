"""An org diff as text, Markdown (a pull-request comment) or JSON. Formats only."""

from __future__ import annotations

import io
from typing import Any

from csorg_cli.analysis.metrics import SegmentCoverage
from csorg_cli.diagnostics import Diagnostic
from csorg_cli.diff.compute import OrgDiff, RoleChange, SegmentChange
from csorg_cli.jsontext import dumps
from csorg_cli.markdown import code
from csorg_cli.markdown import escape as escape_md
from csorg_cli.markdown import table as markdown_table
from csorg_cli.numbers import count

FORMATS = ("text", "markdown", "json")
JSON_VERSION = 1


def _num(value: float | int | None) -> str:
    return count(value, missing="-")


def _pair(before: Any, after: Any) -> str:
    fmt = (
        (lambda v: _num(v))
        if isinstance(after if after is not None else before, (int, float))
        else (lambda v: str(v))
    )
    if before == after:
        return fmt(after)
    return f"{fmt(before) if before is not None else '-'} -> {fmt(after) if after is not None else '-'}"


def _role_label(diff: OrgDiff, role_id: str, new: bool) -> str:
    role = (diff.new_roles if new else diff.old_roles).get(role_id)
    if role is None:
        return role_id
    seats = f", {role.headcount} seats" if role.headcount > 1 else ""
    manager = f", reports to {role.reports_to}" if role.reports_to else ", a root"
    return f"{role_id} ({role.title}{seats}{manager})"


def change_lines(change: RoleChange) -> list[str]:
    """One phrase per thing that changed about a role."""
    out = []
    if change.renamed:
        out.append(f"renamed {change.old_id} -> {change.new_id}")
    if change.reports_to:
        before, after = change.reports_to
        out.append(f"moved: reports to {before or '(nobody)'} -> {after or '(nobody)'}")
    if change.title:
        out.append(f"re-titled: {change.title[0]!r} -> {change.title[1]!r}")
    if change.headcount:
        out.append(f"seats {change.headcount[0]} -> {change.headcount[1]}")
    if change.open:
        out.append(f"open seats {change.open[0]} -> {change.open[1]}")
    for name, (before, after) in change.fields.items():
        out.append(f"{name}: {_show(before)} -> {_show(after)}")
    return out


def _show(value: Any) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):  # a structured entry, as written: {stage: onboarding}
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _coverage_cell(c: SegmentCoverage | None) -> str:
    if c is None:
        return "-"
    per_seat = _num(c.accounts_per_seat) if c.accounts_per_seat is not None else "no seats"
    return f"{per_seat}/seat ({c.status()})"


def segment_rows(diff: OrgDiff) -> list[list[str]]:
    rows = []
    for s in diff.segments:
        if not s.changed:
            continue
        b, a = s.before, s.after
        state = "added" if b is None else "removed" if a is None else "changed"
        rows.append(
            [
                s.segment_id,
                state,
                _pair(b.motion if b else None, a.motion if a else None),
                _pair(b.accounts if b else None, a.accounts if a else None),
                _pair(f"1:{b.target_ratio}" if b else None, f"1:{a.target_ratio}" if a else None),
                _pair(b.seats if b else None, a.seats if a else None),
                _pair(b.open_seats if b else None, a.open_seats if a else None),
                _coverage_cell(b) + " -> " + _coverage_cell(a),
            ]
        )
    return rows


SEGMENT_HEADERS = ["segment", "", "motion", "accounts", "target", "seats", "open", "coverage"]


def _diag(d: Diagnostic) -> str:
    return f"{d.severity.value} {d.rule}: {d.message} ({d.file}:{d.line}:{d.column})"


def _totals(diff: OrgDiff) -> str:
    return (
        f"roles {_pair(*diff.roles)}, seats {_pair(*diff.seats)}, "
        f"open seats {_pair(*diff.open_seats)}"
    )


def render_text(diff: OrgDiff) -> str:
    """Plain text for a terminal."""
    out = io.StringIO()
    write = out.write
    write(f"csorg diff {diff.old_file} -> {diff.new_file}\n")
    write(f"{_totals(diff)}\n")
    if diff.empty:
        write("No changes.\n")
        return out.getvalue()
    if diff.added:
        write(f"\nRoles added ({len(diff.added)}):\n")
        for rid in diff.added:
            write(f"  + {_role_label(diff, rid, True)}\n")
    if diff.removed:
        write(f"\nRoles removed ({len(diff.removed)}):\n")
        for rid in diff.removed:
            write(f"  - {_role_label(diff, rid, False)}\n")
    if diff.changes:
        write(f"\nRoles changed ({len(diff.changes)}):\n")
        for change in diff.changes:
            write(f"  ~ {change.new_id}: {'; '.join(change_lines(change))}\n")
    rows = segment_rows(diff)
    if rows:
        write(f"\nSegments changed ({len(rows)}):\n")
        for row in rows:
            write(
                f"  {row[0]} ({row[1]}): motion {row[2]}; accounts {row[3]}; target {row[4]}; "
                f"seats {row[5]}; open {row[6]}; coverage {row[7]}\n"
            )
    for title, items in (
        ("Diagnostics introduced", diff.introduced),
        ("Diagnostics fixed", diff.fixed),
    ):
        if items:
            write(f"\n{title} ({len(items)}):\n")
            for d in items:
                write(f"  {_diag(d)}\n")
    return out.getvalue()


def render_markdown(diff: OrgDiff) -> str:
    """Markdown ready to paste as a pull-request comment."""
    parts = [
        f"## Org changes: {code(diff.old_file)} -> {code(diff.new_file)}",
        "",
        _totals(diff) + ".",
        "",
    ]
    if diff.empty:
        parts += ["No changes.", ""]
        return "\n".join(parts)
    if diff.added or diff.removed or diff.changes:
        parts += ["### Roles", "", "| | role | change |", "|---|---|---|"]
        parts += [
            f"| added | `{rid}` | {escape_md(_role_label(diff, rid, True))} |" for rid in diff.added
        ]
        parts += [
            f"| removed | `{rid}` | {escape_md(_role_label(diff, rid, False))} |"
            for rid in diff.removed
        ]
        parts += [
            f"| changed | `{c.new_id}` | {escape_md('; '.join(change_lines(c)))} |"
            for c in diff.changes
        ]
        parts.append("")
    rows = segment_rows(diff)
    if rows:
        parts += ["### Segments", "", *markdown_table(SEGMENT_HEADERS, rows), ""]
    for title, items in (
        ("Diagnostics introduced", diff.introduced),
        ("Diagnostics fixed", diff.fixed),
    ):
        if items:
            parts += [f"### {title}", ""]
            parts += [
                f"- **{d.severity.value}** `{d.rule}` {escape_md(d.message)} "
                f"({code(f'{d.file}:{d.line}:{d.column}')})"
                for d in items
            ]
            parts.append("")
    return "\n".join(parts)


def _coverage_json(c: SegmentCoverage | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "motion": c.motion,
        "accounts": c.accounts,
        "arr": c.arr,
        "target_ratio": c.target_ratio,
        "seats": c.seats,
        "open_seats": c.open_seats,
        "accounts_per_seat": c.accounts_per_seat,
        "seats_needed": c.seats_needed,
        "status": c.status(),
    }


def _segment_json(s: SegmentChange) -> dict[str, Any]:
    return {
        "id": s.segment_id,
        "changed": s.changed,
        "before": _coverage_json(s.before),
        "after": _coverage_json(s.after),
    }


def _change_json(c: RoleChange) -> dict[str, Any]:
    out: dict[str, Any] = {"old_id": c.old_id, "id": c.new_id, "renamed": c.renamed}
    for name in ("title", "reports_to", "headcount", "open"):
        value = getattr(c, name)
        if value is not None:
            out[name] = {"before": value[0], "after": value[1]}
    out["fields"] = {k: {"before": b, "after": a} for k, (b, a) in c.fields.items()}
    return out


def diff_json(diff: OrgDiff) -> dict[str, Any]:
    """The diff as plain data with stable keys (documented in docs/diff.md)."""
    return {
        "version": JSON_VERSION,
        "old": diff.old_file,
        "new": diff.new_file,
        "totals": {
            "roles": {"before": diff.roles[0], "after": diff.roles[1]},
            "seats": {"before": diff.seats[0], "after": diff.seats[1]},
            "open_seats": {"before": diff.open_seats[0], "after": diff.open_seats[1]},
        },
        "roles": {
            "added": diff.added,
            "removed": diff.removed,
            "renamed": [{"old_id": old, "id": new} for old, new in diff.renamed.items()],
            "moved": [c.new_id for c in diff.moved],
            "retitled": [c.new_id for c in diff.retitled],
            "changed": [_change_json(c) for c in diff.changes],
        },
        "segments": [_segment_json(s) for s in diff.segments],
        "diagnostics": {
            "introduced": [d.to_dict() for d in diff.introduced],
            "fixed": [d.to_dict() for d in diff.fixed],
        },
    }


def render(diff: OrgDiff, output_format: str) -> str:
    """The diff in ``output_format`` (one of FORMATS)."""
    if output_format == "json":
        return dumps(diff_json(diff))
    if output_format == "markdown":
        return render_markdown(diff)
    return render_text(diff)
