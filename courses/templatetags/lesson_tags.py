import logging

from django import template
from django.template.loader import render_to_string

from plugins.manager import get_plugin_system

register = template.Library()
logger = logging.getLogger("courses")

UNAVAILABLE_TEMPLATE = "courses/includes/block_unavailable.html"


@register.simple_tag(takes_context=True)
def lesson_block(context, child):
    """Render one lesson block. A disabled plugin's block, or one whose rendering fails,
    becomes a polite placeholder: a lesson never turns into an error page."""
    plugin = getattr(child.block, "lms_plugin", None)
    if plugin and not get_plugin_system().is_enabled(plugin):
        return render_to_string(UNAVAILABLE_TEMPLATE, {"plugin": plugin})
    block_context = context.flatten()
    block_context["block_id"] = child.id
    try:
        return child.block.render(child.value, context=block_context)
    except Exception:
        logger.exception("Lesson block %r (plugin %r) failed to render.", child.block_type, plugin)
        return render_to_string(UNAVAILABLE_TEMPLATE, {"plugin": plugin})
