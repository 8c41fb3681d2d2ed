"""The explorer machinery in one import: :class:`Explorer` (:mod:`.explorer`), its controls
:class:`Slider` and :class:`Dropdown` (:mod:`.controls`); the static book version is
:mod:`.static` with its page script (the modules of explorers/js/)."""

from .controls import Control, Dropdown, Slider
from .explorer import Explorer

__all__ = ["Control", "Slider", "Dropdown", "Explorer"]
