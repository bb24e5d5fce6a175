"""A StreamField whose block types are the core's plus those plugins contribute.

Block definitions end up in migrations, and plugins come and go. This field tells migrations
only about its core blocks, as a plain ``wagtail.fields.StreamField``, so adding or removing a
plugin never makes ``makemigrations`` see a change. The full set (core + plugins) is built on
first use in each process, after the plugins have loaded. Plugin blocks carry the plugin's
name (``block.lms_plugin``) so templates can render a placeholder while it is disabled.
"""

import logging
from collections.abc import Callable

from django.db import models
from django.utils.functional import cached_property
from wagtail.blocks import Block, StreamBlock
from wagtail.blocks.definition_lookup import BlockDefinitionLookupBuilder
from wagtail.fields import StreamField

logger = logging.getLogger("courses")

BlockTypes = list[tuple[str, Block]]
PluginBlocks = list[tuple[str, str, Block]]  # (plugin, name, block)


class ExtensibleStreamField(StreamField):
    def __init__(
        self,
        block_types=None,
        *,
        core_blocks: Callable[[], BlockTypes] | None = None,
        plugin_blocks: Callable[[], PluginBlocks] | None = None,
        **kwargs,
    ):
        # Django clones fields from deconstruct(), i.e. with plain StreamField arguments; such
        # a clone (migration state) behaves exactly like a plain StreamField.
        self.core_blocks = core_blocks
        self.plugin_blocks = plugin_blocks
        super().__init__(block_types if block_types is not None else [], **kwargs)

    def block_types(self) -> BlockTypes:
        types = list(self.core_blocks())
        if self.plugin_blocks is None:
            return types
        taken = {name for name, _ in types}
        for plugin, name, block in self.plugin_blocks():
            if name in taken:
                logger.error("Plugin %r: block name %r is already taken; left out.", plugin, name)
                continue
            block.lms_plugin = plugin
            taken.add(name)
            types.append((name, block))
        return types

    @cached_property
    def stream_block(self):
        if self.core_blocks is None:
            return StreamField.stream_block.func(self)
        block = StreamBlock(self.block_types())
        block.set_meta_options(self.block_opts)
        return block

    def reset_block_types(self) -> None:
        """Rebuild the block set on next use (after the set of plugins changed)."""
        self.__dict__.pop("stream_block", None)

    def deconstruct(self):
        if self.core_blocks is None:
            return super().deconstruct()
        name, _path, _args, kwargs = models.Field.deconstruct(self)
        lookup = BlockDefinitionLookupBuilder()
        block_types = [(key, lookup.add_block(block)) for key, block in self.core_blocks()]
        kwargs["block_lookup"] = lookup.get_lookup_as_dict()
        for option in ("min_num", "max_num", "block_counts", "collapsed"):
            if option in self.block_opts:
                kwargs[option] = self.block_opts[option]
        return name, "wagtail.fields.StreamField", [block_types], kwargs
