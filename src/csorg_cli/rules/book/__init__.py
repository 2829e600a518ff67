"""Checks of the book of business (the accounts file linked from the org), one module each."""
