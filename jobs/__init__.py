"""Scheduled work: the scheduler, digests, reminders, charts."""
