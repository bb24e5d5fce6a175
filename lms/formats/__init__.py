"""The site's own date and number formats (FORMAT_MODULE_PATH), over Django's for each language.

Django looks a format up here first, then in its own locale files: a module here only names
what differs.
"""
