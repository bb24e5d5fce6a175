"""Coverage: how many of a target's population are trained, per unit, on a day.

One selector (report.coverage_report) feeds the admin report, its exports, the
``coverage_report`` command and the nightly snapshots. The database does the counting (GROUP BY
unit over attainments and placements); Python only adds unit totals up the tree, a loop over
units, never over people.

Where figures come from, for a reference day R of a target's period [start, end]
(readings.reading_for):
- live (R is today, or the period is over): stored attainments, counted in the unit stored
  with them;
- snapshot: the figures the nightly snapshot recorded on that day;
- reconstructed (a past day without a snapshot): attainments that counted by R, each person
  counted in the unit they were placed in on R.

Either way a person whose unit no longer exists on R (merged or split, and the person not yet
moved) counts in every unit that contains all of its successors on R (see
lms.org.selectors.successor_paths): the counts per unit are moved there before the roll-up.

The modules, from the bottom up: projection (status and projected date), figures (the numbers
of a unit and what follows from them), readings (which day, from which source), regions (which
units), population (who counts), counting (the queries), report (cards and tables), trend,
not_trained, years (which targets run in a year) and page (everything the admin page shows).
"""
