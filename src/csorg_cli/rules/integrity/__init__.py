"""Integrity checks: what makes a definition readable, consistent, and a tree."""
