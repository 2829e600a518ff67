"""Fixtures of the configuration tests."""

from __future__ import annotations

from csorg_testrules import short_title  # noqa: F401 - a fixture, used by name
