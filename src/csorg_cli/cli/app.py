"""The `csorg` application: one typer app, one module per command under csorg_cli.cli.

Each command module exposes ``NAME``, ``HELP`` and ``command`` (the typer function, whose heavy
imports happen inside it, so `csorg --help` and `csorg validate` stay quick). A command's module
is imported, and its typer command built, only when that command runs or the help lists it:
`csorg validate` builds one command, not fourteen. The list below is explicit and in the order
`csorg --help` shows them; tests/test_startup.py checks every module is there under its name.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import types
from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperGroup

from csorg_cli import __version__

# Command name -> its module in csorg_cli.cli, in the order `csorg --help` lists them.
COMMAND_MODULES = {
    "validate": "validate",
    "render": "render",
    "report": "report",
    "plan": "plan",
    "design": "design",
    "book": "book",
    "rebalance": "rebalance",
    "diff": "diff",
    "import": "import_people",
    "export": "export",
    "rules": "rules",
    "init": "init",
    "schema": "schema",
    "archetypes": "archetypes",
}


class _CommandTable(MutableMapping[str, Any]):
    """Command name -> its click command, built from its module the first time it is looked up.

    Every name is listed (help, completion and "did you mean" see them all) without importing
    a module."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMAND_MODULES:
                raise KeyError(name)
            self._built[name] = command_of(COMMAND_MODULES[name])
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMAND_MODULES), **self._built})

    def __len__(self) -> int:
        return len({**dict.fromkeys(COMMAND_MODULES), **self._built})


class _Commands(TyperGroup):
    """csorg's commands, each built only when it runs or the help lists it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _CommandTable()

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: nothing built


def command_of(module_name: str) -> Any:
    """The click command typer builds for the command module ``csorg_cli.cli.<module_name>``."""
    module = importlib.import_module(f"csorg_cli.cli.{module_name}")
    one = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    one.command(module.NAME, help=module.HELP)(module.command)
    return typer.main.get_command(one)


app = typer.Typer(
    name="csorg",
    cls=_Commands,
    help="Customer Success org design as code: validate, chart and report on a CS org in YAML.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"csorg {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool | None = typer.Option(
        None,
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help="Print the version and exit.",
    ),
) -> None:
    """Customer Success org design as code: validate, chart and report on a CS org in YAML."""


def _exit_now(code: object) -> None:
    """Flush the output and end the process without freeing every object one by one.

    Freeing the million objects of a large org takes longer than some whole runs (0.7 s for 100k
    roles); the operating system reclaims the memory at once. mypy exits the same way. Outputs
    are already written and closed (write_output renames them into place before returning).
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message goes to stderr, the status is 1
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        # The reader may have gone away (`csorg ... | head`): nothing more to say then.
        with contextlib.suppress(BrokenPipeError, ValueError, OSError):
            stream.flush()
    os._exit(status)


def _defer_pydantic_plugin_loader() -> None:
    """Keep pydantic's plugin loader (and the importlib.metadata it imports, 10-20 ms) out of
    the process while plugins are off: its ``get_plugins`` then returns nothing anyway. Should
    plugins be turned on later, the real loader is imported and asked."""
    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    stand_in = types.ModuleType(name)

    def get_plugins() -> Any:
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in ("__all__", "1", "true"):
            return ()
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return importlib.import_module(name).get_plugins()

    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    sys.modules[name] = stand_in


def main() -> None:
    """Console entry point: never shows a traceback unless CSORG_DEBUG is set."""
    # A run is short and builds millions of objects that all live to the end: the cyclic GC
    # would rescan them again and again for nothing (100k roles: 14 s with it, under 5 s without).
    gc.disable()
    # pydantic looks for plugins in every installed package's metadata when the first model is
    # built (10-20 ms, a tenth of startup); the CLI uses none. A user who wants one can set it.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _defer_pydantic_plugin_loader()
    try:
        app()
    except SystemExit as done:
        _exit_now(done.code)
    except KeyboardInterrupt:
        print("csorg: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`csorg ... | head`): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except Exception as error:
        if os.environ.get("CSORG_DEBUG"):
            raise
        print(
            f"csorg: internal error: {type(error).__name__}: {error} "
            f"(set CSORG_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        sys.exit(2)
