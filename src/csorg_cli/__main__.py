"""`python -m csorg_cli` runs the command line."""

from __future__ import annotations

from csorg_cli.launch import main

if __name__ == "__main__":
    main()
