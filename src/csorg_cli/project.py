"""Where csorg comes from: the one place that names its repository.

csorg is installed from its git repository (it is on no package index yet), so every config that
``csorg init`` writes, the docs and the GitHub Action install ``git+REPOSITORY@REV``; the SARIF log
links rules to the docs in the same repository. pyproject.toml's ``[project.urls]`` repeats the
address for the package metadata (a test keeps the two equal).
"""

from __future__ import annotations

from csorg_cli import __version__

REPOSITORY = "https://github.com/csorg/csorg"
# The tag of this version: what generated configs pin, so they install what generated them.
RELEASE_REV = f"v{__version__}"


def pip_requirement(rev: str = RELEASE_REV) -> str:
    """What to give pip to install csorg at ``rev`` from the repository: a tag, branch or commit,
    or a version number (``0.1.0`` is the tag ``v0.1.0``)."""
    rev = rev.strip()
    if rev[:1].isdigit():
        rev = f"v{rev}"
    return f"csorg @ git+{REPOSITORY}@{rev}"
