"""Signals other apps listen to, sent inside the transaction that made the change."""

from django.dispatch import Signal

# An enrollment has just been completed (passed or not): ``enrollment``.
enrollment_completed = Signal()
