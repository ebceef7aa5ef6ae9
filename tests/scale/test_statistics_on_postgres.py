"""The digest statistics' exact numbers on PostgreSQL: the SQLite tests again, since the grouped queries,
the month slots and the date comparisons are written once for both back ends."""

from tests.storage.test_statistics import (  # noqa: F401  (fixtures and tests, run here on PostgreSQL)
    month,
    random_hazards,
    test_a_county_sees_its_townships_and_a_village_only_itself,
    test_a_village_added_while_the_figures_are_read_counts_in_its_township,
    test_early_warning_flags_a_jump_over_the_three_months_before,
    test_figures_agree_with_the_definitions_row_by_row,
    test_monthly_figures_for_a_township,
    test_trend_and_history_agree_with_the_definitions,
)
