"""Naming rules: titles the archetype catalogue can place."""
