"""The book of business: accounts read from a file, checked against the org, and rebalanced.

Importing this package is cheap: polars, numpy and HiGHS are imported inside the functions that
read a book or solve a rebalance, so `csorg validate` on an org without a book never loads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csorg_cli.book.load import Book

__all__ = ["Book"]
