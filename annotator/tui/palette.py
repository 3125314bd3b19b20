"""Command palette: every action of the annotate screen and every label, type and zone by name."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from annotator.tui.keys import GROUPS
from annotator.tui.screens.annotate import AnnotateScreen


class AnnotateCommands(Provider):
    """Commands from the screen's bindings (by description) and from the scheme."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        screen = self.screen
        out: list[tuple[str, str, Callable[[], object]]] = []
        if not isinstance(screen, AnnotateScreen):
            return out
        run, ctl = screen.run_action, screen.controller
        seen: set[str] = set()
        for key, b in screen.key_pairs():
            if b.id and b.id not in seen and b.id in GROUPS:
                seen.add(b.id)
                out.append((f"{GROUPS[b.id]}: {b.tooltip or b.description}", f"key {key}", partial(run, b.action)))
        scheme = ctl.scheme
        for e in scheme.entity_labels:
            out.append((f"Label {e.label}", e.description, partial(run, f"label('{e.label}')")))
        for t in scheme.event_types:
            out.append((f"Event {t.name}", t.description, partial(screen.edit, ctl.new_event, t.name)))
        for z in scheme.zones:
            out.append((f"Zone {z.label}", z.description, partial(screen.edit, ctl.new_zone, z.label)))
        for spec in scheme.mention_attributes:
            if spec.type == "enum":
                for v in spec.values:
                    command = partial(screen.edit, ctl.set_mention_attr, spec.name, v)
                    out.append((f"Mention {spec.name} = {v}", spec.description, command))
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
