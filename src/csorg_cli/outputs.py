"""Writing output files: atomically, and never over an input.

Every command that writes a file goes through :func:`write_output`, so a failed run never leaves a
half-written chart and a mistyped ``-o org.yaml`` never destroys the org it was reading.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written (exit 2)."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(path: Path, inputs: Iterable[Path | str] = ()) -> None:
    """Refuse an output path that is one of the inputs, or a directory."""
    resolved = Path(os.path.realpath(path))
    for item in inputs:
        item_path = Path(item)
        if resolved == Path(os.path.realpath(item_path)) or _same_file(path, item_path):
            raise OutputError(f"{path}: refusing to overwrite an input file")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")


def write_output(
    data: bytes | str, path: Path | str | None, inputs: Iterable[Path | str] = ()
) -> None:
    """Write ``data`` to ``path`` atomically (or to stdout when ``path`` is None or ``-``)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path is None or str(path) == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    path = Path(path)
    check_output_path(path, inputs)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: directory {directory} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            # Keep the permissions of the file being replaced, as an editor would.
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
