"""Bundled plugin: reminders by e-mail, through the LMS's own e-mail (templates in the
recipient's language, a plain-text part, the sent log and retries)."""

LMS_PLUGIN = {
    "version": "1.0.0",
    "description": "Reminders by e-mail, logged in the LMS's sent e-mails.",
    "lms_versions": ">=0.4,<1.0",
}
