"""Who may write courses, and the review they go through before publishing.

Trainers add and edit pages under the course catalogue (or under the course sections an
administrator grants their group), upload images and documents, and submit their work for
review; course reviewers approve and publish it (Wagtail's moderation workflow).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

TRAINERS_GROUP = "Trainers"
REVIEWERS_GROUP = "Course reviewers"
REVIEW_WORKFLOW = "Duyệt khoá học"
REVIEW_TASK = "Duyệt nội dung khoá học"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _admin_group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


def section_grant(*, group: Group, page: Page, codenames: tuple[str, ...]) -> None:
    """Give a group page permissions on a page and everything below it."""
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )


@transaction.atomic
def course_authoring_setup(*, catalogue: Page) -> Workflow:
    """Groups, permissions and the review workflow for the catalogue (idempotent)."""
    trainers = _admin_group(TRAINERS_GROUP)
    reviewers = _admin_group(REVIEWERS_GROUP)
    section_grant(group=trainers, page=catalogue, codenames=("add_page", "change_page"))
    section_grant(
        group=reviewers, page=catalogue, codenames=("add_page", "change_page", "publish_page")
    )

    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    media = [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ]
    for group in (trainers, reviewers):
        for app_label, codename in media:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app_label, codename)
            )

    # Trainers and reviewers design certificate templates (a template renders only frozen
    # strings, so editing one exposes nothing; issued certificates keep their version).
    for group in (trainers, reviewers):
        for codename in ("add_certificatetemplate", "change_certificatetemplate"):
            group.permissions.add(_permission("certificates", codename))

    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    return workflow
