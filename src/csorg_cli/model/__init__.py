"""Models: the org format (pydantic), the archetype catalogue and the benchmarks (data files)."""
