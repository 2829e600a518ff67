"""Analyses computed once and shared by rules, reports and charts: tree, spans, layers, coverage."""
