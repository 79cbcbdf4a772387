"""Access rules of the records domain (one set, shared by its sub-packages)."""

from app.records.access import can_keep_records, can_view_participant_records

__all__ = ["can_keep_records", "can_view_participant_records"]
