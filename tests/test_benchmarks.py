"""Tests for the packaged benchmarks (default thresholds with sources) and their overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from csorg_cli.model.benchmarks import CONFIGURATION_SOURCE, Benchmark, BenchmarkError, Benchmarks

REQUIRED = [
    "coverage.named.accounts_per_seat",
    "coverage.pooled.accounts_per_seat",
    "coverage.digital.accounts_per_seat",
    "coverage.named.default_ratio",
    "coverage.pooled.default_ratio",
    "coverage.digital.default_ratio",
    "arr_per_seat.named",
    "arr_per_seat.pooled",
    "span.front_line",
    "span.specialist",
    "span.director",
    "span.executive",
    "layers.max",
    "ops_ratio.csms_per_ops_seat",
    "ops.first_hire_at_csms",
    "renewals.per_rep_per_quarter",
]


@pytest.fixture(scope="module")
def benchmarks() -> Benchmarks:
    return Benchmarks.load()


def test_required_keys_present(benchmarks: Benchmarks) -> None:
    assert [key for key in REQUIRED if key not in benchmarks] == []


def test_every_entry_has_a_source_and_a_sane_band(benchmarks: Benchmarks) -> None:
    assert len(benchmarks) >= len(REQUIRED)
    for b in benchmarks:
        assert isinstance(b, Benchmark)
        assert b.source.strip() and b.source != CONFIGURATION_SOURCE, b.key
        assert b.year is None or 1990 <= b.year <= 2030, b.key
        assert not (b.value is None and b.min is None and b.max is None), b.key
        if b.min is not None and b.max is not None:
            assert b.min <= b.max, b.key
        if b.value is not None:
            assert b.contains(b.value), b.key


def test_no_default_is_attributed_to_this_project(benchmarks: Benchmarks) -> None:
    for b in benchmarks:
        assert "csorg" not in b.source.lower(), b.key
        assert "project" not in b.source.lower(), b.key
        assert b.url is None or b.url.startswith("https://"), b.key


def test_a_url_is_kept_and_an_override_drops_it(benchmarks: Benchmarks) -> None:
    assert benchmarks.get("ops_ratio.csms_per_ops_seat").url == (
        "https://www.gainsight.com/cs-ops-central/create/"
    )
    changed = benchmarks.with_overrides({"ops_ratio.csms_per_ops_seat": 10})
    assert changed.get("ops_ratio.csms_per_ops_seat").url is None


def test_no_vacancy_default_without_a_public_source(benchmarks: Benchmarks) -> None:
    assert not any("vacan" in key for key in benchmarks.keys)


def test_task_ranges(benchmarks: Benchmarks) -> None:
    def band(key: str) -> tuple[object, object]:
        b = benchmarks.get(key)
        return (b.min, b.max)

    assert band("coverage.named.accounts_per_seat") == (5, 25)
    assert band("coverage.pooled.accounts_per_seat") == (30, 200)
    assert band("coverage.digital.accounts_per_seat") == (500, None)
    assert band("arr_per_seat.named") == (1_000_000, None)
    assert band("arr_per_seat.pooled") == (500_000, None)
    assert band("span.front_line") == (4, 10)
    assert benchmarks.get("span.front_line").value == 7
    assert band("span.specialist") == (2, 10)
    assert benchmarks.get("layers.max").value == 5
    assert benchmarks.get("ops_ratio.csms_per_ops_seat").value == 12
    assert benchmarks.get("ops_ratio.csms_per_ops_seat").max == 15
    for motion in ("named", "pooled", "digital"):
        seats, ratio = benchmarks.coverage(motion)
        assert ratio.value is not None and seats.contains(ratio.value)


def test_get_unknown_key_suggests(benchmarks: Benchmarks) -> None:
    with pytest.raises(KeyError, match=r"did you mean 'layers\.max'"):
        benchmarks.get("layer.max")


def test_default_load_is_cached() -> None:
    assert Benchmarks.load() is Benchmarks.load()


def test_overrides_replace_numbers_and_mark_source(benchmarks: Benchmarks) -> None:
    changed = benchmarks.with_overrides({"span.front_line": {"max": 12}, "layers.max": 6})
    span = changed.get("span.front_line")
    assert (span.min, span.max) == (4, 12)
    assert span.source == CONFIGURATION_SOURCE and span.year is None
    assert changed.get("layers.max").value == 6
    # the original is untouched, and other entries keep their sources
    assert benchmarks.get("span.front_line").max == 10
    assert changed.get("span.director") == benchmarks.get("span.director")


def test_override_can_open_a_band(benchmarks: Benchmarks) -> None:
    changed = benchmarks.with_overrides({"coverage.named.accounts_per_seat": {"max": None}})
    assert changed.get("coverage.named.accounts_per_seat").max is None
    assert changed.get("coverage.named.accounts_per_seat").contains(10_000)


@pytest.mark.parametrize(
    "override",
    [
        {"nonexistent.key": {"value": 1}},
        {"span.front_line": {"maximum": 3}},
        {"span.front_line": {"min": 12}},  # min above the default max
        {"span.front_line": {"max": "ten"}},
        {"span.front_line": {"max": True}},
        {"layers.max": {"value": float("nan")}},
    ],
)
def test_bad_overrides_are_rejected(benchmarks: Benchmarks, override: dict[str, object]) -> None:
    with pytest.raises(BenchmarkError):
        benchmarks.with_overrides(override)  # type: ignore[arg-type]


def test_load_from_path_validates(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("benchmarks:\n  x: {value: 3, source: me, year: 2024}\n", encoding="utf-8")
    assert Benchmarks.load(good).get("x").value == 3
    for body in (
        "benchmarks:\n  x: {value: 3}\n",  # no source
        "benchmarks:\n  x: {min: 5, max: 2, source: me}\n",
        "benchmarks:\n  x: {source: me}\n",  # no number at all
        "benchmarks:\n  x: {value: 3, source: me, colour: red}\n",
        "nothing: here\n",
    ):
        bad = tmp_path / "bad.yaml"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(BenchmarkError):
            Benchmarks.load(bad)


def test_describe_mentions_source_and_year(benchmarks: Benchmarks) -> None:
    text = benchmarks.get("ops_ratio.csms_per_ops_seat").describe()
    assert "Gainsight" in text and "2021" in text
    assert "undated" in benchmarks.get("coverage.named.accounts_per_seat").describe()
