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
