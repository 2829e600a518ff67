"""Rule options whose defaults are benchmarks, and how a rule resolves them.

An option that is a benchmark defaults to None, meaning "use the benchmark": the rule reads the
number from ``ctx.benchmarks`` when it runs, so a benchmark override in configuration takes effect,
and an explicit option wins over both. The option's field names its benchmark key
(``json_schema_extra={"benchmark": key}``), which is how ``csorg rules explain`` and docs/rules/
show the source and year behind every default.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csorg_cli.model.benchmarks import CONFIGURATION_SOURCE, Benchmark, Benchmarks
from csorg_cli.numbers import count

if TYPE_CHECKING:
    from csorg_cli.rules.base import RuleSpec

BENCHMARK_KEY = "benchmark"
OPTION_ORIGIN = "rule option"


def benchmark_option(key: str, description: str) -> Any:
    """A pydantic field defaulting to None ("use benchmark ``key``") that records the key."""
    return Field(None, description=description, json_schema_extra={BENCHMARK_KEY: key})


class Band(BaseModel):
    """An accepted range; an end left out (or null) comes from the benchmark."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    min: float | None = Field(None, ge=0, description="Lowest accepted value.")
    max: float | None = Field(None, ge=0, description="Highest accepted value.")

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is greater than max {self.max:g}")
        return self


@dataclass(frozen=True)
class Threshold:
    """A resolved range (either end may be open) and where it came from, for messages."""

    min: float | None
    max: float | None
    value: float | None
    origin: str

    def describe(self) -> str:
        """``5-10``, ``>= 500`` or ``<= 15``."""
        if self.min is not None and self.max is not None:
            return f"{number(self.min)}-{number(self.max)}"
        if self.min is not None:
            return f">= {number(self.min)}"
        if self.max is not None:
            return f"<= {number(self.max)}"
        return number(self.value) if self.value is not None else "none"


def number(x: float) -> str:
    """A number as people read it: ``12``, ``1,000``, ``2.5`` (:func:`csorg_cli.numbers.count`)."""
    return count(x)


def short_source(benchmark: Benchmark) -> str:
    """``SaaStr, Steve Goodbary, ServiceSource; 2020``: who said it and when, for one line."""
    if benchmark.source == CONFIGURATION_SOURCE:
        return "configured benchmark"
    names = []
    for part in benchmark.source.split(";"):
        name = part.split(" (")[0].strip()
        if name and name not in names:
            names.append(name)
    when = str(benchmark.year) if benchmark.year is not None else "undated"
    shown = ", ".join(names[:3]) + (" and others" if len(names) > 3 else "")
    return f"{shown}; {when}"


def resolve_band(benchmarks: Benchmarks, key: str, option: Band | None) -> Threshold:
    """The band a rule checks against: the option's ends over the benchmark's."""
    benchmark = benchmarks.get(key)
    if option is None or (option.min is None and option.max is None):
        return Threshold(benchmark.min, benchmark.max, benchmark.value, short_source(benchmark))
    low = option.min if option.min is not None else benchmark.min
    high = option.max if option.max is not None else benchmark.max
    return Threshold(low, high, benchmark.value, OPTION_ORIGIN)


def resolve_number(
    benchmarks: Benchmarks, key: str, option: float | None, field: str = "value"
) -> tuple[float | None, str]:
    """One number (the benchmark's ``value``, ``min`` or ``max``), or the option when set."""
    if option is not None:
        return option, OPTION_ORIGIN
    benchmark = benchmarks.get(key)
    return getattr(benchmark, field), short_source(benchmark)


def option_benchmarks(options: type[BaseModel]) -> dict[str, str]:
    """Option name -> the benchmark key its default comes from."""
    out: dict[str, str] = {}
    for name, info in options.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and isinstance(extra.get(BENCHMARK_KEY), str):
            out[name] = str(extra[BENCHMARK_KEY])
    return out


def rule_benchmarks(spec: RuleSpec) -> list[str]:
    """Every benchmark key a rule reads: its options' and its module's ``BENCHMARKS``."""
    keys = list(option_benchmarks(spec.options).values())
    module = importlib.import_module(spec.module)
    keys.extend(getattr(module, "BENCHMARKS", ()))
    return list(dict.fromkeys(keys))
