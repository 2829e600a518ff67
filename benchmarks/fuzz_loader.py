"""Fuzz every command: any bytes in, diagnostics or a one-line error out, never an exception.

    .venv/bin/python benchmarks/fuzz_loader.py --seconds 600

Uses atheris (coverage-guided, libFuzzer) when it is installed, else hypothesis, for at most
``--seconds``. The seed corpus is the example orgs and the YAML test suite, mutated with hostile
pieces (control characters, huge numbers, suppression comments, includes...) and saved as
people save files (CRLF line breaks, a BOM, no final line break). Each input is
checked (``check_file`` and every validate reporter); when it is an org, ``report`` (every format),
``plan`` (every format, and ``--write``: also a key added to the last segment with a new segment
after it, where a written file that does not read back as the plan is a finding), ``render`` (every format that needs no Graphviz, and the
HTML report's chart within a short dot time limit) and ``diff`` run on it in-process as a user runs
them. A finding is: an exception (rule crashes included: CSORG_DEBUG=1 makes them raise, and an
``internal-error`` diagnostic counts too), "internal error" or "Traceback" in any output, an exit
status other than 0, 1 or 2, or an input that takes more than --slow seconds. Each is saved to
benchmarks/crashes/ (named by its hash) with what happened beside it; turn each into a regression
test (tests/test_hostile_round_two.py), then fix the code.
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
_inputs = 0
_orgs = 0  # inputs that were orgs: every command ran on them


# (command, arguments after the org file): every way a user turns an org into an output.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("report", "--format", "text"),
    ("report", "--format", "markdown"),
    ("report", "--format", "json"),
    ("report", "--format", "html"),
    ("plan", "--format", "text"),
    ("plan", "--format", "markdown"),
    (
        "plan",
        "--format",
        "json",
        "--set",
        "segments.fuzz.accounts=500",
        "--set",
        "segments.fuzz.motion=pooled",
        "--write",
        "{dir}/planned.yaml",
    ),
    # A key added to the last segment and a segment appended after it: two edits at one offset.
    (
        "plan",
        "--set",
        "segments.{last_segment}.accounts=+50%",
        "--set",
        "segments.{last_segment}.ratio=1:7",
        "--set",
        "segments.fuzz.accounts=90",
        "--set",
        "segments.fuzz.motion=named",
        "--write",
        "{dir}/planned-last.yaml",
    ),
    ("render", "--format", "dot"),
    ("render", "--format", "mermaid"),
    ("render", "--format", "md"),
    ("render", "--format", "tree"),
    ("render", "--format", "html", "-o", "{dir}/chart.html"),
    ("diff", "{org}", "--format", "text"),
    ("diff", "{org}", "--format", "json"),
    ("diff", "{org}", "--format", "markdown"),
)
SLOW_SECONDS = 20.0
# `plan --write` refuses a file it cannot edit (an alias, an unusual mapping): exit 2, fine. But
# when the text it made does not read back as the plan, the writer is wrong: a finding.
WRITER_FAILURES = (
    "would not parse",
    "reads back differently",
    "does not read back",
    "two changes overlap",
    "would change by accident",
    "are not the planned ones",
    "changes more than",
)


def check_bytes(data: bytes) -> None:
    """Write ``data`` as an org file, check it and run every command on it; save what breaks."""
    from csorg_cli.checking import CheckResult, check_file
    from csorg_cli.loading import InputError
    from csorg_cli.reporters import REPORTERS, ReportOptions, get_reporter

    global _inputs
    _inputs += 1
    _target.write_bytes(data)
    started = time.monotonic()
    try:
        result = check_file(_target, "org.yaml")
        # The reporters walk what the rules produced: they must cope with anything too.
        checked = CheckResult(results=[result])
        for name in REPORTERS:
            get_reporter(name)(checked, ReportOptions())
        crashes = [d.message for d in result.diagnostics if d.rule == "internal-error"]
        if crashes:
            save(data, "internal-error diagnostic: " + "; ".join(crashes))
            return
    except InputError:
        return  # an unreadable file is a one-line error (exit 2), not a crash
    except Exception:
        save(data, traceback.format_exc())
        return
    if result.tree is not None:
        global _orgs
        _orgs += 1
        segments = list(result.org.segments) if result.org is not None else []
        for command in COMMANDS:
            if any("{last_segment}" in part for part in command):
                if not segments or segments[-1] == "fuzz":
                    continue
                command = tuple(part.replace("{last_segment}", segments[-1]) for part in command)
            run_command(data, command)
    if time.monotonic() - started > SLOW_SECONDS:
        save(
            data, f"slow: {time.monotonic() - started:.1f} s for one input (limit {SLOW_SECONDS} s)"
        )


def run_command(data: bytes, command: tuple[str, ...]) -> None:
    """One command in-process, as typer runs it for a user; anything but a clean exit is saved."""
    from typer.testing import CliRunner

    from csorg_cli.cli.app import app

    args = [part.replace("{dir}", str(_workdir)).replace("{org}", str(_target)) for part in command]
    argv = [args[0], str(_target), *args[1:]]
    outcome = CliRunner().invoke(app, argv)
    problem = None
    if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
        problem = "".join(
            traceback.format_exception(
                type(outcome.exception), outcome.exception, outcome.exception.__traceback__
            )
        )
    elif outcome.exit_code not in (0, 1, 2):
        problem = f"exit status {outcome.exit_code}"
    elif "internal error" in outcome.output or "Traceback" in outcome.output:
        problem = outcome.output[-2000:]
    elif "--write" in argv and any(failure in outcome.output for failure in WRITER_FAILURES):
        problem = "plan --write made a file that does not read back:\n" + outcome.output[-2000:]
    elif "--write" in argv and outcome.exit_code == 0:
        problem = _kept_as_saved(data, Path(argv[argv.index("--write") + 1]).read_bytes())
    if problem is not None:
        save(data, f"csorg {' '.join(argv)}\n{problem}")


def _kept_as_saved(before: bytes, after: bytes) -> str | None:
    """What a written org changed in how the file was saved (BOM, line breaks), if anything."""
    bom = b"\xef\xbb\xbf"
    if before.startswith(bom) != after.startswith(bom):
        return "plan --write added or dropped the byte order mark"
    if before.endswith((b"\n", b"\r")) != after.endswith((b"\n", b"\r")):
        return "plan --write added or dropped the line break at the end of the file"
    crlf_only = b"\r\n" in before and before.count(b"\n") == before.count(b"\r\n")
    if crlf_only and after.count(b"\n") != after.count(b"\r\n"):
        return "plan --write mixed LF into a CRLF file"
    if b"\r" not in before and b"\r" in after:
        return "plan --write mixed CR into an LF file"
    return None


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
        import csorg_cli.cli.app
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
    org_texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))]
    deadline = time.monotonic() + seconds

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        # Half the inputs start from an example org, so the commands beyond the loader run.
        text = draw(st.sampled_from(org_texts if draw(st.booleans()) else seed_texts))
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
                        # round two: what broke commands beyond the loader
                        '"\\x1b]0;PWNED\\x07"',
                        "\x07",
                        "9" * 400,
                        ".inf",
                        "1e400",
                        "-1",
                        "# csorg: disable-file\n",
                        "include: [",
                        "organization: ",
                        "headcount: ",
                        "accounts: ",
                        "segment: ",
                        "\u65e5\u672c\u8a9e",
                        "\u00e9",
                    ]
                )
            )
            text = text[:at] + piece + text[at + draw(st.integers(0, 3)) :]
        # Keys people leave out (a segment without a ratio, roles of one seat without a
        # headcount): plan --write then adds them to the last segment or role.
        dropped = draw(st.sampled_from([None, "ratio", "arr", "headcount", "open"]))
        if dropped is not None:
            text = "".join(
                line
                for line in text.splitlines(keepends=True)
                if not line.lstrip().startswith(f"{dropped}:")
            )
        # How the file is saved: Windows line breaks, a BOM, no line break at the end.
        if draw(st.booleans()):
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        if draw(st.booleans()):
            text = text.rstrip("\r\n")
        return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")

    @settings(
        max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.one_of(mutated(), st.binary(max_size=512)))
    def fuzz(data: bytes) -> None:
        check_bytes(data)  # saves and swallows crashes, so hypothesis never stops to shrink

    while time.monotonic() < deadline:  # hypothesis has no time budget: batches until it ends
        fuzz()


def main() -> int:
    global SLOW_SECONDS
    parser = argparse.ArgumentParser(description="fuzz the csorg loader and checks")
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument(
        "--slow", type=float, default=SLOW_SECONDS, help="seconds one input may take (all commands)"
    )
    args = parser.parse_args()
    SLOW_SECONDS = args.slow
    os.environ.setdefault("CI", "1")
    os.environ.setdefault("NO_COLOR", "1")
    # Rule crashes raise instead of becoming internal-error diagnostics: the fuzzer sees them.
    os.environ.setdefault("CSORG_DEBUG", "1")
    # The HTML report and chart call Graphviz: bounded, so a slow layout is a finding, not a hang.
    os.environ.setdefault("CSORG_DOT_TIMEOUT", "10")
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
    print(
        f"done after {time.monotonic() - started:.0f} s: {_inputs} inputs ({_orgs} orgs, every "
        f"command run on each), {_crashes} findings",
        flush=True,
    )
    return 1 if _crashes else 0


if __name__ == "__main__":
    sys.exit(main())
