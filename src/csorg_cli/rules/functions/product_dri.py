"""A product in ``products`` has no owner.

Each product needs a directly responsible individual (DRI) in CS: the person who knows its
adoption story, carries its feedback to product management and owns its playbooks. A product
listed under ``products:`` is owned when some role lists it in ``owns:`` (compared without case,
spaces and underscores read as hyphens). The diagnostic is at the product's item in ``products``.

Bad::

    products: [analytics, platform]
    roles:
      lead-na: {title: CS Team Lead, owns: [platform]}
      # nobody owns analytics

Good::

    products: [analytics, platform]
    roles:
      vp-cs: {title: VP Customer Success}
      lead-na: {title: CS Team Lead, reports_to: vp-cs, owns: [platform]}
      lead-emea: {title: CS Team Lead, reports_to: vp-cs, owns: [analytics]}
"""

from __future__ import annotations

from collections.abc import Iterator

from csorg_cli.diagnostics import Severity
from csorg_cli.rules.base import NoOptions, Problem, RuleContext
from csorg_cli.rules.functions.missing_function import normalise_owned

NAME = "product-dri"
SUMMARY = "A product in products has no owner (no role lists it in owns)."
CATEGORY = "functions"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at each product that no role owns."""
    if not ctx.org.products:
        return
    owned = {normalise_owned(item) for role in ctx.org.roles.values() for item in role.owned_words}
    for index, product in enumerate(ctx.org.products):
        if normalise_owned(product) in owned:
            continue
        yield Problem(
            path=("products", index),
            message=f"product {product!r} has no owner: no role lists it in owns",
            hint=f"add `owns: [{product}]` to the role accountable for it",
        )
