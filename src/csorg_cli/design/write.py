"""A design as an org file people read: every team with a comment saying why it exists."""

from __future__ import annotations

import json
from typing import Any

from csorg_cli.design.model import DesignInput
from csorg_cli.design.solve import Design, Limits
from csorg_cli.design.structure import RoleSpec


def _scalar(value: Any) -> str:
    """A YAML scalar: JSON's quoting is valid YAML, and plain words stay plain."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else repr(value)
    text = str(value)
    if (
        text
        and all(ch.isalnum() or ch in "-_ " for ch in text)
        and not text[0].isdigit()
        and text.lower() not in ("true", "false", "null", "yes", "no", "on", "off", "~")
        and not text.endswith(" ")
        and not text.startswith(" ")
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    """One comment line (control characters and newlines never reach the file)."""
    clean = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return f"# {clean}" if clean else "#"


def _flow(items: list[tuple[str, Any]]) -> str:
    parts = []
    for key, value in items:
        if isinstance(value, list):
            parts.append(f"{key}: [{', '.join(_scalar(v) for v in value)}]")
        elif isinstance(value, dict):
            parts.append(f"{key}: {_flow(list(value.items()))}")
        else:
            parts.append(f"{key}: {_scalar(value)}")
    return "{" + ", ".join(parts) + "}"


def role_line(role: RoleSpec) -> str:
    items: list[tuple[str, Any]] = [("title", role.title), ("type", role.type)]
    if role.reports_to:
        items.append(("reports_to", role.reports_to))
    if role.segment and role.also_serves:
        items.append(("segment", [role.segment, *role.also_serves]))
    elif role.segment:
        items.append(("segment", role.segment))
    if role.region:
        items.append(("region", role.region))
    if role.headcount != 1:
        items.append(("headcount", role.headcount))
    if role.carries:
        items.append(("carries", {"accounts": role.carries}))
    if role.kpis:
        items.append(("kpis", role.kpis))
    if role.owns:
        items.append(("owns", role.owns))
    return f"  {role.id}: {_flow(items)}"


def write_design(
    spec: DesignInput,
    design: Design,
    limits: Limits,
    source: str,
    alternatives: list[Design] | None = None,
    note: str = "",
) -> str:
    """The org file of ``design``: valid format version 1, comments for people."""
    lines = [
        _comment(
            f"Proposed by `csorg design {source}`: the cheapest structure csorg found that "
            f"meets the constraints (annual loaded cost {design.cost:,.0f}; "
            f"{design.seats} seats, {design.layers} layers)."
        ),
        _comment(
            "Seats are the proposed structure: mark `open: N` on the ones still to hire and "
            "add person/people as you go. Check it with `csorg validate`."
        ),
    ]
    if note:
        lines.append(_comment(note))
    for alternative in alternatives or []:
        lines.append(_comment(f"Alternative: {describe_difference(design, alternative)}"))
    lines += ["csorg: 1", "organization:"]
    lines.append(f"  name: {_scalar(spec.organization.name)}")
    if spec.organization.currency != "USD":
        lines.append(f"  currency: {spec.organization.currency}")
    lines.append("segments:")
    guests = {g: o for o in design.options for r in o.roles for g in r.also_serves}
    for segment_id, option in guests.items():
        segment = spec.segments[segment_id]
        lines.append(
            f"  {_comment(f'{segment.accounts:,} accounts: too few for a seat of their own; served by the {option.segment_id} team, at its motion and ratio')}"
        )
        guest_items: list[tuple[str, Any]] = []
        if segment.name:
            guest_items.append(("name", segment.name))
        guest_items.append(("accounts", segment.accounts))
        if segment.arr is not None:
            guest_items.append(("arr", segment.arr))
        ratio, _ = design.written_ratio(segment_id, limits)
        guest_items += [("motion", option.motion), ("ratio", f"1:{ratio}")]
        lines.append(f"  {segment_id}: {_flow(guest_items)}")
    for option in design.options:
        segment = spec.segments[option.segment_id]
        ratio, ratio_why = design.written_ratio(option.segment_id, limits)
        lines.append(f"  {_comment(option.why_motion)}")
        if ratio_why:
            lines.append(f"  {_comment(ratio_why)}")
        items: list[tuple[str, Any]] = []
        if segment.name:
            items.append(("name", segment.name))
        items += [("accounts", segment.accounts)]
        if segment.arr is not None:
            items.append(("arr", segment.arr))
        if ratio:
            items += [("motion", option.motion), ("ratio", f"1:{ratio}")]
        else:
            items.append(("motion", option.motion))
        if segment.regions:
            items.append(("regions", list(segment.regions)))
        lines.append(f"  {option.segment_id}: {_flow(items)}")
    lines.append("roles:")
    for role in design.roles:
        if role.why:
            lines.append(f"  {_comment(role.why)}")
        lines.append(role_line(role))
    return "\n".join(lines) + "\n"


def describe_difference(chosen: Design, other: Design) -> str:
    """What an alternative changes, and what it costs more."""
    changes = []
    for mine, theirs in zip(chosen.options, other.options, strict=True):
        if mine.motion != theirs.motion:
            changes.append(f"{mine.segment_id} {theirs.motion} instead of {mine.motion}")
        if mine.layout != theirs.layout:
            word = {
                "director": "teams under a director",
                "flat": "team leads reporting to the CS leader",
                "direct": "seats reporting to the CS leader",
                "split": "in one team more",
            }[theirs.layout]
            changes.append(f"{mine.segment_id} {word}")
    if chosen.key()[-1] != other.key()[-1]:
        grouped = other.key()[-1][1] == "grouped"
        changes.append(
            "central functions under a Director of Customer Operations"
            if grouped
            else "central functions reporting to the CS leader"
        )
    delta = other.cost - chosen.cost
    what = "; ".join(changes) or "the same segments, other functions"
    return (
        f"{what}: {other.seats} seats, {other.layers} layers, cost "
        f"{other.cost:,.0f} ({'+' if delta >= 0 else '-'}{abs(delta):,.0f})"
    )
