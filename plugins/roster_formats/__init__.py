"""Bundled plugin: HR roster files as CSV/text (any common encoding and separator) and XLSX."""

LMS_PLUGIN = {
    "version": "1.0.0",
    "description": "Roster files as CSV or text in UTF-8, UTF-16, Windows-1258/1252, and XLSX.",
    "lms_versions": ">=0.2,<1.0",
}
