"""Who is counted, and where: the org-unit tree, people, population figures, HR scopes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class OrgUnitQuerySet(MP_NodeQuerySet):
    def open_on(self, day):
        """Units that exist on ``day``."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class OrgUnitManager(MP_NodeManager):
    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")

    def open_on(self, day):
        return self.get_queryset().open_on(day)


class OrgUnit(MP_Node):
    """A unit of the administration: province or city, commune or ward, agency, department.

    A code alone is not an identity: after the 2025 reform codes were reused, so a unit is a
    code *and* its validity period.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province / centrally-run city")
        CITY = "city", _("City / town / district")
        COMMUNE = "commune", _("Commune / ward")
        AGENCY = "agency", _("Agency")
        DEPARTMENT = "department", _("Department")

    code = models.CharField(_("code"), max_length=32, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    node_order_by = ["code"]
    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_open_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


def contact_email(*, email: str, login_email: str | None) -> str:
    """Where to write to a person from the plain columns (the record's address, the login's,
    None without a login), for readers of values() rather than objects: Person.contact_email."""
    return email or login_email or ""


class Person(models.Model):
    """One human, learner or not yet: staff come from HR rosters, citizens register."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("State staff")
        CITIZEN = "citizen", _("Citizen")

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class PositionCategory(models.TextChoices):
        LEADER = "leader", _("Leader")
        CIVIL_SERVANT = "civil_servant", _("Civil servant")
        PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
        WORKER = "worker", _("Worker")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    full_name = models.CharField(_("full name"), max_length=255)
    employee_code = models.CharField(_("employee code"), max_length=32, blank=True)
    # National ID numbers are personal data: only a keyed hash (for matching) and the last four
    # digits (for display) are kept. See lms.org.national_id.
    national_id_hash = models.CharField(max_length=64, blank=True, editable=False)
    national_id_last4 = models.CharField(
        _("national ID (last 4 digits)"), max_length=4, blank=True, editable=False
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # Only used for the working-age rule, whose retirement ages differ for women and men.
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    position_category = models.CharField(
        _("position category"), max_length=32, choices=PositionCategory.choices, blank=True
    )
    is_it_officer = models.BooleanField(_("IT / digital-transformation officer"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    joined_on = models.DateField(_("on the roster since"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Consent to processing of personal data (Personal Data Protection Law, 2025): when the
    # person gave it on this site (citizens registering, learners linking their record).
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    # From the HR roster (or entered by HR): where invitations and notices go before, or
    # without, a login of the person's own.
    email = models.EmailField(_("e-mail address"), blank=True)
    # The last invitation to set a password (lms.org.invitations): not twice within a few days.
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True, editable=False)
    linked_at = models.DateTimeField(_("login linked at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["national_id_hash"],
                condition=~Q(national_id_hash=""),
                name="person_unique_national_id",
            ),
            models.UniqueConstraint(
                fields=["employee_code"],
                condition=~Q(employee_code=""),
                name="person_unique_employee_code",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def contact_email(self) -> str:
        """Where to write to: the record's address, else the linked login's, else ""."""
        # The login is loaded only when the record has no address.
        login_email = self.user.email if self.user_id and not self.email else None
        return contact_email(email=self.email, login_email=login_email)


class LinkRequest(models.Model):
    """A learner asks an HR officer to link their login to a staff record: the way in for
    someone whose national ID number and date of birth do not match the roster (or are not on
    it). Only an officer whose scope holds the record's unit can decide.

    What the learner typed is kept beside the record it named, so that the officer sees a
    mismatch. ``person`` is empty when the code named no record free to link; the learner is
    told the same either way, so a request reveals nothing about which codes exist.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an HR officer")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("No longer needed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="link_requests",
        verbose_name=_("login"),
    )
    employee_code = models.CharField(_("employee code given"), max_length=32)
    full_name = models.CharField(_("name given"), max_length=255)
    note = models.CharField(_("note to the HR officer"), max_length=500, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="link_requests",
        verbose_name=_("record"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("link request")
        verbose_name_plural = _("link requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="linkrequest_one_pending_per_user",
            )
        ]
        indexes = [models.Index(fields=["status", "person"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.employee_code} ({self.get_status_display()})"


class PopulationFigure(models.Model):
    """Working-age population of a unit for a year: the denominator of citizen targets."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="population_figures")
    year = models.PositiveSmallIntegerField(_("year"))
    working_age_count = models.PositiveIntegerField(_("working-age population"))
    source = models.CharField(_("source"), max_length=255)

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="population_unique_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.working_age_count}"


class OrgRole(models.Model):
    """A grant of a role over a unit and its subtree (e.g. HR officer of Tân Uyên)."""

    class Role(models.TextChoices):
        HR_OFFICER = "hr_officer", _("HR officer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_roles"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("org role")
        verbose_name_plural = _("org roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="orgrole_unique_grant")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}, {self.unit}"


class UnitSuccession(models.Model):
    """A unit handed on to another: a merger (several into one) or a split (one into several,
    wholly or in part), effective on a date. History is added to, never rewritten."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merger")
        SPLIT = "split", _("Split")

    predecessor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="successions_in")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    partial = models.BooleanField(_("partial"), default=False)
    effective_on = models.DateField(_("effective on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        ordering = ["effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective_on})"


class Placement(models.Model):
    """Where a person belonged, and when: staff in their unit, citizens in their commune.

    Person.unit is the current placement; past periods are reported from placements, so a
    merger or a transfer never rewrites who was where.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placements")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="placements")
    # A staff posting or a citizen's residence, as the person's kind was when placed: coverage
    # counts staff where they are posted and citizens where they live, without a join.
    kind = models.CharField(_("kind"), max_length=16, choices=Person.Kind.choices)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["start_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end_on__isnull=True), name="placement_one_current"
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="placement_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Person.Kind.values), name="placement_kind_known"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "start_on", "end_on"]),
            models.Index(fields=["kind", "unit", "start_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.unit_id} {self.start_on}..{self.end_on or ''}"


class PersonAccessLog(models.Model):
    """Who opened whose personal record, and when."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_log")
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person access")
        verbose_name_plural = _("person accesses")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.person_id} {self.viewed_at:%Y-%m-%d %H:%M}"


class RosterImport(models.Model):
    """One roster file an HR officer uploaded: previewed, then confirmed and applied.

    The uploaded file holds clear national ID numbers, so it is kept only in private storage,
    never in the database, and deleted after a day (or when the import is cancelled). Only row
    numbers and reasons of rejected rows are stored.
    """

    class Status(models.TextChoices):
        PREVIEWING = "previewing", _("Checking the file")
        PREVIEWED = "previewed", _("Ready to confirm")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not importable")
        CANCELLED = "cancelled", _("Cancelled")

    # The unit the roster is for; empty when each row names its own unit (see ``units``).
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="roster_imports",
        null=True,
        blank=True,
    )
    # For an import whose rows name their units: the top units of its officer's scope when it
    # was uploaded. An officer sees the import only if their own scope holds all of them, since
    # its rows (and rejected rows) may be anywhere in that scope.
    units = models.ManyToManyField(OrgUnit, related_name="+", blank=True)
    complete = models.BooleanField(_("this file is the complete roster"), default=False)
    # Once applied: the people its rows named (created, updated or unchanged), whom the
    # officer may invite to set a password (lms.org.invitations).
    people = models.ManyToManyField(Person, related_name="+", blank=True)
    filename = models.CharField(_("file"), max_length=255)
    stored_name = models.CharField(max_length=255, blank=True)  # empty once the file is purged
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWING
    )
    summary = models.JSONField(default=dict, blank=True)
    # [{row, column, reason}] of the first rejected rows (summary["rejected"] counts them all):
    # reasons may quote a date or a unit code, never an ID number (see national_id_mask).
    problems = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    # Task runs started for the current step: a file that kills the worker is redelivered
    # (acks_late), and is given up after a few attempts instead of looping for ever.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} → {self.unit or '*'} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in {self.Status.PREVIEWING, self.Status.IMPORTING}

    @property
    def valid_rows(self) -> int:
        """Rows of the preview that can be imported (0 until the preview is done)."""
        summary = self.summary or {}
        return sum(summary.get(key, 0) for key in ("create", "update", "unchanged"))

    @property
    def confirmable(self) -> bool:
        """Previewed, with at least one row to import: a file whose every row was rejected
        cannot be confirmed (``roster_import_confirm`` refuses it too)."""
        return self.status == self.Status.PREVIEWED and self.valid_rows > 0

    @property
    def status_label(self) -> str:
        if self.status == self.Status.PREVIEWED and not self.confirmable:
            return _("Nothing to import")
        return self.get_status_display()


class PopulationImport(models.Model):
    """A file of population figures an administrator uploaded, imported by a background task
    (a large or hostile file must never hold a web process), with its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not importable")

    filename = models.CharField(_("file"), max_length=255)
    stored_name = models.CharField(max_length=255, blank=True)  # empty once the file is purged
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    summary = models.JSONField(default=dict, blank=True)  # rows, created, updated, unchanged...
    problems = models.JSONField(default=list, blank=True)  # [{row, reason}], the first ones
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # as RosterImport.attempts
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("population import")
        verbose_name_plural = _("population imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
