"""The digest tick's groups served side by side, on PostgreSQL: claims, the shared build and the progress
writes from many sessions at once (the fixtures of this folder put the app on PostgreSQL)."""

# Imported so pytest runs them again here; the fixtures they use come along.
from tests.storage.test_digest_run import (  # noqa: F401
    five_groups,
    recording_bot,
    runtime,
    test_a_digest_is_built_once_for_all_the_groups_of_its_area_and_goes_to_each_in_order,
    test_flood_control_for_one_group_does_not_hold_up_the_others,
    test_two_ticks_side_by_side_send_every_part_once_to_every_group,
)
