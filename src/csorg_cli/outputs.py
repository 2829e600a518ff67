"""Writing output files: atomically, in place for devices, and never over anything being read.

Every command that writes a file goes through :func:`write_output` (and checks its outputs up
front with :func:`check_outputs`), so:

* a failed or interrupted run (an error, Ctrl-C, SIGTERM) never leaves a half-written file or a
  stray temporary file: a regular file is written to a temporary file beside it, then renamed;
* a mistyped ``-o org.yaml`` never destroys anything the command reads: every file it reads
  (orgs, includes, the configuration and what it ``extends``, the baseline, the scenario...) is
  passed as ``protected`` and refused as an output, also through a symlink or a hard link;
* ``-o`` onto something that is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO, a
  terminal) writes into it, as a shell redirection would, instead of replacing the device node
  with a regular file; a symlink to a regular file keeps being a symlink (its target is replaced);
* ``-`` (or None) is standard output; a full disk or a closed stdout is an :class:`OutputError`.

Typical use in a command::

    protected = [*org_files, *config.files, baseline]
    check_outputs([output, write_path], protected)     # before any work: exit 2 early
    ...
    write_output(text, output, protected)              # OutputError -> one-line error, exit 2
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

STDOUT = "-"

# Exit status of a process ended by SIGTERM, as a shell reports it (128 + 15).
_SIGTERM_STATUS = 128 + signal.SIGTERM


class OutputError(Exception):
    """The output cannot be written (exit 2)."""


def is_stdout(path: Path | str | None) -> bool:
    """True for None and ``-``: the output goes to standard output."""
    return path is None or str(path) == STDOUT


def _identity(path: Path | str) -> tuple[int, int] | None:
    """(device, inode) of what ``path`` names after symlinks, None when it does not exist."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _is_special(path: Path | str) -> bool:
    """An existing output that is not a regular file or a directory: a device, FIFO or socket."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


# Names that stand for a descriptor the shell set up: written in place even over a regular file,
# since the shell's redirection holds that file open and a rename would write past it.
_DESCRIPTOR_PREFIXES = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/")


def _link_chain(path: Path) -> list[str]:
    """``path`` and every name its symlinks lead through (absolute, at most 40 hops)."""
    chain = [os.path.abspath(path)]
    current = chain[0]
    for _ in range(40):
        try:
            link = os.readlink(current)
        except (OSError, ValueError):
            break
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
        chain.append(current)
    return chain


def _writes_in_place(path: Path) -> bool:
    """Devices, FIFOs, sockets, and existing ``/dev/stdout``-style names (directly or through
    a symlink)."""
    if _is_special(path):
        return True
    if not os.path.exists(path):
        return False
    return any(name.startswith(_DESCRIPTOR_PREFIXES) for name in _link_chain(path))


def _same(a: Path | str, b: Path | str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    first = _identity(a)
    return first is not None and first == _identity(b)


def check_output_path(path: Path | str, protected: Iterable[Path | str] = ()) -> None:
    """Refuse an output that is one of the ``protected`` files (an input), or a directory.

    Outputs that write in place (devices, FIFOs) are never refused as inputs: ``-o /dev/null``
    with an org read from ``/dev/stdin`` harms nothing.
    """
    if is_stdout(path):
        return
    path = Path(path)
    if "\0" in str(path):
        raise OutputError(f"{path!r}: a file name cannot hold a NUL character")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")
    if _writes_in_place(path):
        return
    for item in protected:
        if item is None or is_stdout(item) or str(item) == "<stdin>":
            continue
        if _same(path, item):
            named = "" if str(item) == str(path) else f" ({item})"
            raise OutputError(f"{path}: refusing to overwrite an input file{named}")


def check_outputs(
    outputs: Iterable[Path | str | None], protected: Iterable[Path | str] = ()
) -> None:
    """Refuse, before any work, outputs that are protected inputs or name one file twice.

    ``outputs`` may hold None and ``-`` (stdout): they are skipped. Two outputs onto the same
    device (``/dev/null`` twice) are fine; two onto the same regular file would lose one of them.
    """
    protected = [item for item in protected if item is not None]
    seen: list[Path] = []
    for output in outputs:
        if is_stdout(output):
            continue
        assert output is not None
        path = Path(output)
        check_output_path(path, protected)
        if _writes_in_place(path):
            continue
        for earlier in seen:
            if _same(path, earlier):
                raise OutputError(
                    f"{output}: named as two outputs (also as {earlier}); one would overwrite "
                    f"the other"
                )
        seen.append(path)


def write_output(
    data: bytes | str,
    path: Path | str | None,
    protected: Iterable[Path | str] = (),
    still_valid: Callable[[], None] | None = None,
) -> None:
    """Write ``data`` (str is written as UTF-8) to ``path``.

    * None or ``-``: standard output.
    * A device, FIFO, terminal, or a ``/dev/...`` link: opened and written in place.
    * Anything else: a temporary file in the target's directory, fsync'd, renamed over the
      target (a symlink's target, so the link stays), keeping the replaced file's permissions.

    ``protected`` lists the files the command reads (and the other outputs it already wrote):
    writing over any of them is refused. ``still_valid`` runs at the last moment before the
    output appears (before the rename, or before a device is opened) and raises
    :class:`OutputError` when what the output was computed from has changed meanwhile. Raises :class:`OutputError` for every problem (exit 2);
    no temporary file is left behind, not on an error, Ctrl-C or SIGTERM.
    """
    # A file name that is not UTF-8 (its bytes kept as surrogates) is written as \udcXX
    # rather than failing the whole output.
    payload = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    if is_stdout(path):
        _write_stdout(payload)
        return
    assert path is not None
    path = Path(path)
    check_output_path(path, protected)
    if _writes_in_place(path):
        if still_valid is not None:
            still_valid()
        _write_in_place(payload, path)
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: directory {directory} does not exist")
    with _sigterm_as_exit():
        _replace_atomically(payload, path, target, directory, still_valid)


def _write_stdout(payload: bytes) -> None:
    try:
        sys.stdout.flush()  # whatever was printed as text comes first
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write to standard output ({error.strerror or error})") from None


def _write_in_place(payload: bytes, path: Path) -> None:
    try:
        # O_TRUNC matters for a /dev/stdout redirected to a file, and is ignored by devices.
        descriptor = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None


def _replace_atomically(
    payload: bytes,
    path: Path,
    target: Path,
    directory: Path,
    still_valid: Callable[[], None] | None = None,
) -> None:
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name[:100]}.", suffix=".tmp", dir=directory
        )
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            # Keep the permissions of the file being replaced, as an editor would.
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        if still_valid is not None:
            still_valid()
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(_SIGTERM_STATUS)


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """While a temporary file exists, SIGTERM unwinds like Ctrl-C so the file is removed.

    Python's default for SIGTERM ends the process at once, skipping every ``finally``. Signal
    handlers can only be set from the main thread; elsewhere the write runs unguarded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):
        yield  # the embedding program handles SIGTERM itself
        return
    signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


__all__ = [
    "STDOUT",
    "OutputError",
    "check_output_path",
    "check_outputs",
    "is_stdout",
    "write_output",
]
