"""Fixtures for the book of business: an org and an accounts file in, book diagnostics out."""

from __future__ import annotations

import pytest
from book_helpers import BookChecker


@pytest.fixture
def book(tmp_path) -> BookChecker:
    return BookChecker(tmp_path)
