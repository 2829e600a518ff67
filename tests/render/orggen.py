"""Generated orgs for chart tests: an HRIS-style export with one role per person."""

from __future__ import annotations


def hris_org(
    directors: int = 5,
    managers_per_director: int = 8,
    ics_per_manager: int = 11,
    name: str = "Generated HRIS export",
) -> str:
    """YAML of 1 VP, ``directors`` directors, their managers and single-seat ICs (one per person).

    The defaults make 1 + 5 + 40 + 440 = 486 roles, every one a single seat; some ICs are vacant
    and some carry a region, so every kind of box appears.
    """
    regions = ("NA", "EMEA", "APAC")
    lines = [
        "csorg: 1",
        f"organization: {{name: {name}}}",
        "segments:",
        "  enterprise: {name: Enterprise, accounts: 900, motion: named, ratio: '1:12'}",
        "  smb: {name: SMB, accounts: 9000, motion: pooled}",
        "roles:",
        "  vp: {title: VP Customer Success, person: Val Price}",
    ]
    person = 0
    for d in range(directors):
        segment = "enterprise" if d % 2 == 0 else "smb"
        lines.append(
            f"  dir-{d}: {{title: 'Director, CS {d}', reports_to: vp, "
            f"segment: {segment}, person: Director {d}}}"
        )
        for m in range(managers_per_director):
            manager = f"mgr-{d}-{m}"
            lines.append(
                f"  {manager}: {{title: CS Team Lead, reports_to: dir-{d}, "
                f"segment: {segment}, person: Manager {d}-{m}}}"
            )
            for i in range(ics_per_manager):
                person += 1
                region = regions[(d + m + i) % 3]
                title = "Customer Success Manager" if i % 4 else "Scaled CSM"
                holder = "open: 1" if person % 17 == 0 else f"person: Person {person}"
                lines.append(
                    f"  ic-{d}-{m}-{i}: {{title: {title}, reports_to: {manager}, "
                    f"segment: {segment}, region: {region}, {holder}}}"
                )
    return "\n".join(lines) + "\n"


def functional_org(scale: int = 1, name: str = "Generated CS organisation") -> str:
    """YAML of a CS org by function: a CCO over VPs of Customer Success, Support, Renewals,
    Onboarding and CS Operations, each with directors, managers and seat groups.

    ``scale=1`` is 300 seats; ``scale=2`` 562. Leads leave ``segment:`` to their
    teams, and the support org sits in layer 2 beside customer success, as in the orgs where
    wrapped rows once drew the VP of Customer Support at the bottom of the chart.
    """
    regions = ("NA", "EMEA", "APAC")
    lines = [
        "csorg: 1",
        f"organization: {{name: {name}}}",
        "segments:",
        "  enterprise: {name: Enterprise, accounts: 400, motion: named, ratio: '1:10'}",
        "  mid-market: {name: Mid-Market, accounts: 1500, motion: named, ratio: '1:40'}",
        "  smb: {name: SMB, accounts: 12000, motion: pooled}",
        "roles:",
        "  cco: {title: Chief Customer Officer, person: Cleo Chief}",
        "  vp-cs: {title: VP Customer Success, reports_to: cco, person: Vic Success}",
        "  vp-support: {title: VP Customer Support, reports_to: cco, person: Sue Port}",
        "  vp-renewals: {title: VP Renewals, reports_to: cco, person: Ren Ewal}",
        "  dir-onboarding: {title: Director of Onboarding, reports_to: cco, person: Ona Board}",
        "  dir-ops: {title: Director of CS Operations, reports_to: cco, person: Op Eration}",
    ]
    for segment in ("enterprise", "mid-market", "smb"):
        lines.append(
            f"  dir-{segment}: {{title: 'Director, {segment.title()} CS', reports_to: vp-cs, "
            f"segment: {segment}}}"
        )
        for index in range(3 * scale):
            region = regions[index % 3]
            lead = f"lead-{segment}-{index}"
            lines.append(f"  {lead}: {{title: CS Team Lead, reports_to: dir-{segment}}}")
            lines.append(
                f"  csm-{segment}-{index}: {{title: Customer Success Manager, reports_to: {lead}, "
                f"segment: {segment}, region: {region}, headcount: 10, open: 1}}"
            )
            lines.append(
                f"  tam-{segment}-{index}: {{title: Technical Account Manager, "
                f"reports_to: {lead}, segment: {segment}, region: {region}, headcount: 3}}"
            )
    for tier in ("tier-1", "tier-2", "escalations"):
        lines.append(f"  mgr-{tier}: {{title: 'Support Manager, {tier}', reports_to: vp-support}}")
        for index in range(3 * scale):
            region = regions[index % 3]
            lines.append(
                f"  se-{tier}-{index}: {{title: Support Engineer, reports_to: mgr-{tier}, "
                f"region: {region}, headcount: 12, open: 2}}"
            )
    for index in range(2 * scale):
        lines.append(
            f"  renewals-{index}: {{title: Renewals Manager, reports_to: vp-renewals, "
            f"headcount: 8}}"
        )
        lines.append(
            f"  onboarding-{index}: {{title: Implementation Manager, reports_to: dir-onboarding, "
            f"headcount: 6, open: 1}}"
        )
    lines += [
        "  ops-analysts: {title: CS Operations Analyst, reports_to: dir-ops, headcount: 4}",
        "  enablement: {title: CS Enablement Manager, reports_to: dir-ops, headcount: 2}",
        "  training: {title: Training Specialist, reports_to: dir-ops, headcount: 3}",
        "  digital: {title: Digital CSM, reports_to: dir-smb, segment: smb, headcount: 17}",
    ]
    return "\n".join(lines) + "\n"
