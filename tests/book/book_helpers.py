"""Shared by the book tests: an org with a book, and a checker of accounts snippets."""

from __future__ import annotations

from pathlib import Path

from helpers import Found, dedent

from csorg_cli.checking import check_file
from csorg_cli.rules import RULES
from csorg_cli.rules.engine import RuleConfig

ORG = """\
csorg: 1
organization: {name: Acme, as_of: 2026-12-01}
segments:
  enterprise: {accounts: 4, motion: named, ratio: "1:2"}
  smb: {accounts: 2, motion: pooled, ratio: "1:100"}
accounts: accounts.csv
roles:
  vp: {title: VP Customer Success}
  csm-ent:
    title: Customer Success Manager
    reports_to: vp
    segment: enterprise
    region: NA
    headcount: 2
    people: [Ana Ruiz, Ben Ode]
  csm-smb: {title: Scaled CSM, reports_to: vp, segment: smb, person: Cy Li}
  ae: {title: Account Executive, reports_to: vp, person: Zed Sales}
"""


def book_rules_only() -> RuleConfig:
    """Only the book rules: the org snippets are deliberately small."""
    config = RuleConfig()
    for name, spec in RULES.items():
        if spec.category != "book":
            config = config.with_rule(name, None)
    return config


class BookChecker:
    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(
        self,
        accounts: str | bytes,
        org: str = ORG,
        name: str = "accounts.csv",
        config: RuleConfig | None = None,
    ) -> Found:
        (self.root / "org.yaml").write_text(dedent(org), encoding="utf-8")
        target = self.root / name
        if isinstance(accounts, bytes):
            target.write_bytes(accounts)
        else:
            target.write_text(dedent(accounts), encoding="utf-8")
        return Found(check_file(self.root / "org.yaml", "org.yaml", config or book_rules_only()))
