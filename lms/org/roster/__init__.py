"""Roster import: read an HR roster file, validate every row, plan, then apply in batches.

Reading goes through the roster formats plugins contribute (``register_roster_formats``),
within the limits of ``files``. Every value is checked in the preview against the limits of
the model field it goes into, so the database never refuses a row the preview accepted.
National ID numbers are hashed as soon as they are read: no clear number reaches the
database, the log, or a reason shown to anyone.

The modules, in the order a file goes through them:

- ``files``: the format that reads a file, and its rows, within the import limits;
- ``columns``: which header holds which field, and the words values use;
- ``units``: which unit a row names, by code or name (a file may name several units);
- ``validation``: whether a row can be imported (``RowValidator``), and why not;
- ``matching``: who a row names among the people already known;
- ``planner``: the plan of an import (``roster_plan``) and applying it (``roster_import_run``);
- ``plan``: what an import will do or did (``RosterPlan``);
- ``writing``: writing a planned batch;
- ``imports`` and ``steps``: an import in the admin, as the officer asks for it (upload,
  confirm, cancel) and as the background tasks carry it out (preview, apply);
- ``rejected_rows``: the rejected rows, to download, fix and upload again.
"""
