"""A product in ``products`` has no owner, or more than one.

Each product needs one directly responsible individual (DRI) in CS: the person who knows its
adoption story, carries its feedback to product management and owns its playbooks. A product
listed under ``products:`` is owned when some role lists it in ``owns:`` (compared without case,
spaces and underscores read as hyphens). Two owners are no owner: each assumes the other has it.
A manager and someone in their own team who both list it count once (the manager is the DRI, the
report works on it), and a role that owns one stage of a product (``{stage: churn-mitigation,
product: payments}``) works on it without claiming to be its DRI. The diagnostic is at the product's item in ``products``.

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
SUMMARY = "A product in products has no owner, or more than one (no single DRI)."
CATEGORY = "functions"
DEFAULT_SEVERITY = Severity.WARNING
Options = NoOptions


def check(ctx: RuleContext, options: NoOptions) -> Iterator[Problem]:
    """Yield a problem at each product that no role owns."""
    if not ctx.org.products:
        return
    owners: dict[str, list[str]] = {}
    claims: dict[str, list[str]] = {}  # who says they are the DRI (not a stage of the product)
    for role_id, role in ctx.org.roles.items():
        for item in role.dri_words:  # a stage of a product does not make its owner the DRI
            owners.setdefault(normalise_owned(item), []).append(role_id)
        for entry in role.owns:
            if isinstance(entry, str):
                claims.setdefault(normalise_owned(entry), []).append(role_id)
            elif entry.product and not entry.stage:
                claims.setdefault(normalise_owned(entry.product), []).append(role_id)
    tree = ctx.tree
    for index, product in enumerate(ctx.org.products):
        key = normalise_owned(product)
        found = owners.get(key, [])
        if not found:
            yield Problem(
                path=("products", index),
                message=f"product {product!r} has no owner: no role lists it in owns",
                hint=f"add `owns: [{product}]` to the role accountable for it",
                subject=key,
            )
            continue
        # Someone whose manager (at any level) also owns the product is not a second DRI, nor
        # is a role that owns one stage of it (churn mitigation of one product, say).
        members = set(claims.get(key, []))
        top = [
            r
            for r in dict.fromkeys(claims.get(key, []))
            if not any(m in members for m in tree.chain(r)[1:])
        ]
        if len(top) < 2:
            continue
        names = ", ".join(repr(r) for r in top[:3]) + (" ..." if len(top) > 3 else "")
        yield Problem(
            path=("products", index),
            message=f"product {product!r} has {len(top)} owners ({names}): no single DRI",
            hint=f"keep `owns: [{product}]` on the one role accountable for it (others can keep "
            f"a dotted line or list it in their description)",
            subject=key,
        )
