"""English text of the Wagtail admin that a Vietnamese user must not see, and how to find it.

Shared by the test-client test (tests/i18n/test_admin_vietnamese.py) and the browser journeys:
    english_admin_strings_in(page.inner_text("body"))
    english_admin_strings_in(visible_text(response.content.decode()))

Every string here is one Wagtail shows on the main admin screens of the four staff roles and
that has a Vietnamese translation (Wagtail's own catalogue or the project's
locale_overrides/). Words that Vietnamese keeps as they are ("Email", "URL", "Wagtail",
"CSV") are not listed, nor the few labels Wagtail does not mark for translation (the link
choosers' "Link text", the sites list's "Port", a submit button's value="Search").
"""

import re
from html.parser import HTMLParser

ENGLISH_ADMIN_STRINGS = (
    # Page editor: action menu, tabs, status side panel, scheduling, moderation.
    "Save draft",
    "Save Draft",
    "Replace current draft",
    "Publish",
    "Publish this version",
    "Schedule to publish",
    "Unpublish",
    "Submit for moderation",
    "Resubmit to",
    "Restart workflow",
    "Cancel workflow",
    "Approve",
    "Approve with comment",
    "and Publish",
    "Request changes",
    "Reject",
    "Page title",
    "Content",
    "Promote",
    "Settings",
    "For search engines",
    "For site menus",
    "Show in menus",
    "Title tag",
    "Meta description",
    "Slug",
    "Go live date/time",
    "Expiry date/time",
    "Set schedule",
    "Set publishing schedule",
    "No publishing schedule set",
    "Live",
    "Draft",
    "Live version",
    "Current draft",
    "Current page status",
    "Page visibility",
    "Visible to all",
    "Not visible to the public",
    "Once live anyone can view",
    "Privacy",
    "Change privacy",
    "Locked",
    "Unlocked",
    "Locked by workflow",
    "Lock",
    "Unlock",
    "In Moderation",
    "In progress",
    "Needs changes",
    "Not started",
    "Submitted",
    "Changes requested",
    "Approved by",
    "Workflow progress",
    "Workflow history",
    "See full history",
    "View details",
    "View history",
    "View live",
    "View draft",
    "Preview",
    "Preview in new tab",
    "Comments",
    "Add comment",
    "Checks",
    "Content metrics",
    "Reading time",
    "Readability",
    "Issues found",
    "Toggle side panel",
    "Side panels",
    "Minimap",
    "Save your changes before leaving",
    "Saving…",
    "Publishing…",
    "Saved",
    "First published",
    # Choosers.
    "Choose",
    "Choose a page",
    "Choose another page",
    "Choose an image",
    "Choose another image",
    "Choose a document",
    "Choose another document",
    "Choose an item",
    "Choose a task",
    "Clear choice",
    "Internal link",
    "External link",
    "Email link",
    "Phone link",
    "Anchor link",
    "Insert link",
    "Confirm selection",
    "Explore",
    # Dashboard and explorer.
    "Dashboard",
    "Search all pages",
    "Site summary",
    "Your most recent edits",
    "Awaiting your review",
    "Your pages and snippets in a workflow",
    "Your locked pages",
    "Task started",
    "Task submitted by",
    "Compare with live version",
    "Compare with previous version",
    "Add child page",
    "Sort by",
    "Show filters",
    "Apply filters",
    "Filter by",
    "Has child pages",
    "Page type",
    "Page types",
    "Date updated",
    "Owner",
    "Edited by",
    "Bulk actions",
    "Select all pages in listing",
    "More actions",
    "Sites menu",
    "Search the whole site",
    "Other searches",
    "Pagination",
    # Menu.
    "Pages",
    "Images",
    "Documents",
    "Snippets",
    "Reports",
    "Users",
    "Groups",
    "Sites",
    "Collections",
    "Redirects",
    "Workflows",
    "Workflow tasks",
    "Locked pages",
    "Aging pages",
    "Site history",
    "Page types usage",
    "Help",
    "Editor Guide",
    "What's new in Wagtail",
    "Account",
    "Log out",
    "Main menu",
    "Toggle sidebar",
    "Page explorer",
    # Workflows and reports.
    "Add a workflow",
    "Assigned pages",
    "Assign to another page",
    "Add tasks to your workflow",
    "Show disabled",
    "Used by",
    "Used on",
    "New workflow task",
    "Group approval task",
    "Started at",
    "Requested by",
    "Completed at",
    "Incomplete task",
    "Awaiting my review",
    "By task",
    "By workflow",
    "Locked at",
    "Locked by",
    "Last published",
    "Date / Time",
    "No log entries found",
    "Edit / Review",
    "Download CSV",
    "Download XLSX",
    # Snippets, images, documents.
    "Instances",
    "Select all snippets in listing",
    "Add an image",
    "Add images",
    "Add a document",
    "Add documents",
    "Upload",
    "Newest",
    "Oldest",
    "Popular tags",
    "Or choose from your computer",
    "Add to collection",
    "Drag and drop images into this area to upload immediately.",
    "Drag and drop documents into this area to upload immediately.",
    "Focal point",
    "Filesize",
    # Times ("3 minutes ago", "22 minutes" from Django's timesince and naturaltime).
    "ago",
    "just now",
    "seconds",
    "minutes",
    "hours",
    "days",
    # Users, groups, account, login.
    "Username",
    "Last login",
    "Access level",
    "Roles",
    "Object permissions",
    "Page permissions",
    "Custom permissions",
    "Profile",
    "Notifications",
    "Name and Email",
    "Profile picture",
    "Theme preferences",
    "Preferred language",
    "Current time zone",
    "Use server time zone",
    "Sign in",
    "Forgotten password?",
    "Remember me",
    "Enter password",
)

# Where Wagtail's catalogue glues its "%(label)s and Publish" together ("Phê chuẩnvà Xuất
# bản"): a letter right before "và xuất bản".
GLUED_AND_PUBLISH = re.compile(r"\w(và [Xx]uất bản)")


def _pattern(text: str) -> str:
    words = r"\s+".join(re.escape(word) for word in text.split())
    return rf"(?<!\w)(?:{words})(?!\w)"


# Whole words only, as written or in capitals (a browser's innerText applies CSS
# text-transform, so Wagtail's "Live" status reads "LIVE").
_PATTERNS = [
    (text, re.compile(f"{_pattern(text)}|{_pattern(text.upper())}"))
    for text in ENGLISH_ADMIN_STRINGS
]


def english_admin_strings_in(text: str) -> list[str]:
    """The listed English strings that occur in this visible text."""
    return [english for english, pattern in _PATTERNS if pattern.search(text)]


class _VisibleText(HTMLParser):
    """Text nodes of an HTML document, without scripts, styles or attribute values.

    The contents of <template> elements count: Wagtail keeps dialogs and menus there until
    they open."""

    HIDDEN = {"script", "style", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden_depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.chunks)
