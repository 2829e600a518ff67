"""Fuzz the loader and the whole check: any bytes in, diagnostics out, never an exception.

    .venv/bin/python benchmarks/fuzz_loader.py --seconds 600

Uses atheris (coverage-guided, libFuzzer) when it is installed, else hypothesis, for at most
``--seconds``. The seed corpus is the example orgs and the YAML test suite. Every input that makes
``check_file`` raise is saved to benchmarks/crashes/ (named by its hash) with the traceback beside
it; turn each into a regression test in tests/test_limits.py, then fix the code.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRASHES = ROOT / "benchmarks" / "crashes"
SEED_DIRS = (ROOT / "examples", Path("/work/shared/corpora/yaml-test-suite"))

_workdir = Path(tempfile.mkdtemp(prefix="csorg-fuzz-"))
_target = _workdir / "org.yaml"
_crashes = 0


def check_bytes(data: bytes) -> None:
    """Write ``data`` as an org file and check it; an exception is a crash worth saving."""
    from csorg_cli.checking import CheckResult, check_file
    from csorg_cli.loading import InputError
    from csorg_cli.reporters import ReportOptions, get_reporter

    _target.write_bytes(data)
    try:
        result = check_file(_target, "org.yaml")
        # The reporters walk what the rules produced: they must cope with anything too.
        checked = CheckResult(results=[result])
        for name in ("json", "text"):
            get_reporter(name)(checked, ReportOptions())
    except InputError:
        pass  # an unreadable file is a one-line error (exit 2), not a crash
    except RecursionError:
        save(data, traceback.format_exc())
    except Exception:
        save(data, traceback.format_exc())


def save(data: bytes, trace: str) -> None:
    global _crashes
    _crashes += 1
    CRASHES.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(data).hexdigest()[:16]
    (CRASHES / f"{name}.yaml").write_bytes(data)
    (CRASHES / f"{name}.txt").write_text(trace, encoding="utf-8")
    print(f"crash saved: benchmarks/crashes/{name}.yaml\n{trace.splitlines()[-1]}", flush=True)


def seeds() -> list[bytes]:
    out = []
    for folder in SEED_DIRS:
        if folder.is_dir():
            out.extend(p.read_bytes() for p in sorted(folder.rglob("*.yaml")))
    return out


def run_atheris(seconds: int) -> None:
    import atheris

    corpus = _workdir / "corpus"
    corpus.mkdir()
    for index, seed in enumerate(seeds()):
        (corpus / f"seed-{index}").write_bytes(seed)

    def one_input(data: bytes) -> None:
        check_bytes(data)

    with atheris.instrument_imports():
        import csorg_cli.checking
        import csorg_cli.reporters.json
        import csorg_cli.reporters.text  # noqa: F401
    # libFuzzer stops at the first exception; check_bytes saves and swallows them instead, so
    # the run goes on for the whole time and finds every kind of crash.
    atheris.Setup(
        [
            sys.argv[0],
            f"-max_total_time={seconds}",
            "-max_len=4096",
            "-rss_limit_mb=3000",
            str(corpus),
        ],
        one_input,
    )
    atheris.Fuzz()


def run_hypothesis(seconds: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seed_texts = [s.decode("utf-8", "replace") for s in seeds()]
    deadline = time.monotonic() + seconds

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        text = draw(st.sampled_from(seed_texts))
        for _ in range(draw(st.integers(0, 4))):
            at = draw(st.integers(0, len(text)))
            piece = draw(
                st.sampled_from(
                    [
                        "\n",
                        ": ",
                        "- ",
                        "  ",
                        "&a ",
                        "*a",
                        "!!python/object ",
                        "[",
                        "{",
                        "'",
                        '"',
                        "\t",
                        "\r\n",
                        "\ufeff",
                        "---\n",
                        "reports_to: ",
                        "roles:\n",
                        "? ",
                        "|",
                        ">",
                    ]
                )
            )
            text = text[:at] + piece + text[at + draw(st.integers(0, 3)) :]
        return text.encode("utf-8")

    @settings(
        max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.one_of(mutated(), st.binary(max_size=512)))
    def fuzz(data: bytes) -> None:
        check_bytes(data)  # saves and swallows crashes, so hypothesis never stops to shrink

    while time.monotonic() < deadline:  # hypothesis has no time budget: batches until it ends
        fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description="fuzz the csorg loader and checks")
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    args = parser.parse_args()
    os.environ.setdefault("CI", "1")
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"fuzzing with {engine} for {args.seconds} s", flush=True)
    started = time.monotonic()
    if engine == "atheris":
        run_atheris(args.seconds)
    else:
        run_hypothesis(args.seconds)
    print(f"done after {time.monotonic() - started:.0f} s: {_crashes} crashing inputs", flush=True)
    return 1 if _crashes else 0


if __name__ == "__main__":
    sys.exit(main())
