"""The rule registry: every rule csorg knows, in the order they are documented.

The list is explicit (no discovery by import side effects), and a duplicate name is refused, so
``csorg rules``, the docs and SARIF always agree with what runs.
"""

from __future__ import annotations

from types import ModuleType

from csorg_cli.rules.base import RuleSpec, spec_from_module
from csorg_cli.rules.book import (
    account_owner_language,
    account_owner_mismatch,
    account_row,
    account_segment_arr,
    accounts_file,
    accounts_format,
    book_arr,
    book_load,
    duplicate_account,
    segment_accounts_mismatch,
    unknown_account_owner,
    unowned_account,
)
from csorg_cli.rules.coverage import (
    arr_per_seat,
    coverage_ratio,
    motion_ratio,
    segment_leadership,
    segment_onboarding,
    segment_uncovered,
)
from csorg_cli.rules.functions import (
    kpis_defined,
    missing_function,
    ops_ratio,
    product_dri,
    renewals_capacity,
    renewals_overlap,
)
from csorg_cli.rules.integrity import (
    duplicate_key,
    duplicate_role,
    encoding,
    fragment,
    include,
    include_empty,
    internal_error,
    multi_seat_manager,
    multiple_roots,
    open_seats,
    reporting_cycle,
    schema,
    seat_holders,
    unknown_dotted_manager,
    unknown_manager,
    unknown_reference,
    unknown_segment,
    yaml_limits,
    yaml_syntax,
    yaml_tag,
)
from csorg_cli.rules.naming import unknown_role_type
from csorg_cli.rules.structure import (
    manager_of_one,
    max_layers,
    narrow_span,
    orphan_seats,
    span_of_control,
    vacancy_rate,
)

RULE_MODULES: tuple[ModuleType, ...] = (
    yaml_syntax,
    yaml_tag,
    yaml_limits,
    encoding,
    internal_error,
    duplicate_key,
    include,
    include_empty,
    duplicate_role,
    fragment,
    schema,
    open_seats,
    seat_holders,
    unknown_manager,
    unknown_dotted_manager,
    unknown_segment,
    unknown_reference,
    reporting_cycle,
    multiple_roots,
    multi_seat_manager,
    span_of_control,
    narrow_span,
    max_layers,
    manager_of_one,
    orphan_seats,
    vacancy_rate,
    coverage_ratio,
    motion_ratio,
    segment_uncovered,
    arr_per_seat,
    segment_leadership,
    segment_onboarding,
    missing_function,
    ops_ratio,
    renewals_capacity,
    renewals_overlap,
    product_dri,
    kpis_defined,
    unknown_role_type,
    accounts_file,
    accounts_format,
    account_row,
    duplicate_account,
    unowned_account,
    unknown_account_owner,
    account_owner_mismatch,
    account_owner_language,
    account_segment_arr,
    book_load,
    book_arr,
    segment_accounts_mismatch,
)


def _register(modules: tuple[ModuleType, ...]) -> dict[str, RuleSpec]:
    registry: dict[str, RuleSpec] = {}
    for module in modules:
        spec = spec_from_module(module)
        if spec.name in registry:
            raise RuntimeError(f"rule {spec.name!r} is registered twice ({module.__name__})")
        registry[spec.name] = spec
    return registry


RULES: dict[str, RuleSpec] = _register(RULE_MODULES)


__all__ = ["RULES", "RULE_MODULES"]
