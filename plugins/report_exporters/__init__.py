"""Bundled plugin: coverage reports as CSV (opens in Excel with Vietnamese intact) and XLSX."""

LMS_PLUGIN = {
    "version": "1.0.0",
    "description": "Report downloads as CSV (UTF-8 for Excel) and XLSX spreadsheets.",
    "lms_versions": ">=0.2,<1.0",
}
