"""The `csorg` application: one typer app, one module per command under csorg_cli.cli.

Each command module exposes ``NAME``, ``HELP`` and ``command`` (the typer function, whose heavy
imports happen inside it, so `csorg --help` and `csorg validate` stay quick); the list below is
explicit, so a missing or broken command fails at once rather than vanishing from the help.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import types
from typing import Any

import typer

from csorg_cli import __version__

# In the order `csorg --help` lists them.
COMMAND_MODULES = (
    "validate",
    "render",
    "report",
    "plan",
    "design",
    "book",
    "rebalance",
    "diff",
    "import_people",
    "export",
    "rules",
    "init",
    "schema",
    "archetypes",
)

app = typer.Typer(
    name="csorg",
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


def _register() -> None:
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(f"csorg_cli.cli.{module_name}")
        app.command(module.NAME, help=module.HELP)(module.command)


_register()


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
