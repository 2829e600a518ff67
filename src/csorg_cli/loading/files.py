"""Reading files from disk: sizes, encodings and the errors that stop a command (exit 2)."""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from csorg_cli.diagnostics import Diagnostic, emitted, line_column
from csorg_cli.rules.integrity import encoding as encoding_rule
from csorg_cli.rules.integrity import yaml_limits as yaml_limits_rule

STDIN_NAME = "<stdin>"


class InputError(Exception):
    """A file could not be read at all: the command cannot do its job (exit 2)."""


@dataclass
class SourceText:
    """A file's decoded text, or the diagnostic that explains why it has none."""

    file: str
    text: str | None
    diagnostic: Diagnostic | None = None
    # The file started with a UTF-8 byte order mark (dropped from ``text``; a writer keeps it).
    bom: bool = False

    def encoded(self, text: str | None = None) -> bytes:
        """``text`` (default: this file's text) as the file's bytes: UTF-8, the BOM kept."""
        body = self.text if text is None else text
        assert body is not None
        return (codecs.BOM_UTF8 if self.bom else b"") + body.encode("utf-8")


_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _encoding_diagnostic(
    file: str, message: str, line: int = 1, column: int = 1, hint: str | None = None
) -> Diagnostic:
    return emitted(
        encoding_rule,
        message,
        file,
        line,
        column,
        hint=hint or "save the file as UTF-8 (with or without a BOM)",
    )


def decode(raw: bytes, file: str) -> SourceText:
    """Decode UTF-8 (a BOM is allowed and dropped); anything else becomes a diagnostic."""
    bom = raw.startswith(codecs.BOM_UTF8)
    if bom:
        raw = raw[len(codecs.BOM_UTF8) :]
    else:
        for other_bom, name in _UTF16_32_BOMS:
            if raw.startswith(other_bom):
                return SourceText(
                    file,
                    None,
                    _encoding_diagnostic(
                        file,
                        f"the file is encoded as {name}; csorg reads UTF-8",
                        hint=f"convert it, for example: iconv -f {name} -t UTF-8 {file}",
                    ),
                )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode("utf-8", errors="replace")
        line, column = line_column(before, len(before))
        return SourceText(
            file,
            None,
            _encoding_diagnostic(
                file,
                f"byte 0x{raw[error.start]:02x} is not valid UTF-8 (the file may be Latin-1 or "
                f"Windows-1252)",
                line,
                column,
                hint=f"convert it, for example: iconv -f WINDOWS-1252 -t UTF-8 {file}",
            ),
        )
    if "\x00" in text:
        line, column = line_column(text, text.index("\x00"))
        return SourceText(
            file,
            None,
            _encoding_diagnostic(
                file,
                "the file contains NUL bytes: it is binary, or UTF-16/UTF-32 without a BOM",
                line,
                column,
            ),
        )
    return SourceText(file, text, bom=bom)


def too_large(file: str, max_bytes: int) -> SourceText:
    """No text: the file is larger than the limit (a diagnostic, not an error that stops the run)."""
    diagnostic = emitted(
        yaml_limits_rule,
        f"the file is larger than {max_bytes:,} bytes",
        file,
        1,
        1,
        hint="split the org with `include:`, or raise --max-file-size",
    )
    return SourceText(file, None, diagnostic)


_CHUNK = 1 << 20


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``stream``, read in chunks: ``read(limit)`` would allocate the
    whole limit at once (``--max-file-size 100GB`` is a MemoryError, not a large file)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = stream.read(min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_source(path: Path, file: str, max_bytes: int) -> SourceText:
    """Read and decode ``path``; raise :class:`InputError` when it cannot be read at all."""
    try:
        if file == STDIN_NAME:
            raw = read_at_most(sys.stdin.buffer, max_bytes + 1)
        else:
            if path.is_dir():
                raise InputError(f"{file}: is a directory")
            with path.open("rb") as handle:
                raw = read_at_most(handle, max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except PermissionError:
        raise InputError(f"{file}: permission denied") from None
    except OSError as error:
        raise InputError(f"{file}: cannot read ({error.strerror or error})") from None
    if len(raw) > max_bytes:
        return too_large(file, max_bytes)
    return decode(raw, file)
