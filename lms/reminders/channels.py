"""The notification channels plugins contribute (register_notification_channels), and which one
reaches a person."""

import logging

from django.conf import settings

from plugins.contracts import NotificationChannel, Recipient
from plugins.manager import hooks

logger = logging.getLogger("lms")


def notification_channels() -> list[NotificationChannel]:
    """Every enabled plugin's channels, in the order LMS_REMINDER_CHANNELS prefers, then by
    code (the first plugin to claim a code keeps it)."""
    found: dict[str, NotificationChannel] = {}
    for _plugin, channels in hooks.register_notification_channels():
        for channel in channels or []:
            found.setdefault(str(channel.code), channel)
    preferred = list(getattr(settings, "LMS_REMINDER_CHANNELS", []))

    def rank(code: str) -> tuple[int, str]:
        return (preferred.index(code) if code in preferred else len(preferred), code)

    return [found[code] for code in sorted(found, key=rank)]


def channel_for(
    recipient: Recipient, *, channels: list[NotificationChannel]
) -> NotificationChannel | None:
    """The first channel that reaches the recipient; None when none does."""
    for channel in channels:
        try:
            if channel.reaches(recipient):
                return channel
        except Exception:  # a plugin's bug leaves that channel out, not the reminder
            logger.exception("Notification channel %r failed to answer reaches()", channel.code)
    return None
