"""Lesson body blocks: the core set, plus those plugins add (register_lesson_blocks)."""

import logging

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from plugins.manager import get_plugin_system

logger = logging.getLogger("courses")


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "courses/blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Text alternative"),
        required=False,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image_block.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address (YouTube, Vimeo, …)"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.TextBlock(
        label=_("Transcript"), required=False, help_text=_("For learners who cannot listen.")
    )

    class Meta:
        icon = "media"
        label = _("Embedded video")
        template = "courses/blocks/video_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "courses/blocks/document_block.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="note",
        label=_("Kind"),
    )
    title = blocks.CharBlock(label=_("Title"), required=False)
    body = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "courses/blocks/callout_block.html"


def lesson_core_blocks():
    return [
        ("rich_text", blocks.RichTextBlock(label=_("Text"), icon="pilcrow")),
        ("heading", HeadingBlock()),
        ("image", ImageBlock()),
        ("video", VideoBlock()),
        ("document", DocumentBlock()),
        ("callout", CalloutBlock()),
    ]


def lesson_plugin_blocks():
    blocks_ = []
    for plugin, contribution in get_plugin_system().call(
        "register_lesson_blocks", include_disabled=True
    ):
        try:
            blocks_.extend((plugin, name, block) for name, block in contribution)
        except (TypeError, ValueError):
            logger.error(
                "Plugin %r: register_lesson_blocks must return (name, block) pairs.", plugin
            )
    return blocks_
