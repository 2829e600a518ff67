"""Org diffs (`csorg diff`): roles, seats, segments' coverage and diagnostics between versions."""

from __future__ import annotations

from csorg_cli.diff.compute import OrgDiff, RoleChange, SegmentChange, diff_results, find_renames

__all__ = ["OrgDiff", "RoleChange", "SegmentChange", "diff_results", "find_renames"]
