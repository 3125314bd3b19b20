"""The model in the loop, on the annotate screen: predictions in a worker, keys for the least sure and the surest.

The screen's first frame never waits for the model: the document is shown,
then a thread worker asks :class:`~annotator.tui.model_worker.ModelSuggester`
for its record (the prediction cache answers at once when it can) and the
suggestions appear when it returns, if that document is still the one shown.
Then a second worker fills in the other documents, so that the document list
can put the least sure first; it stops between documents when the app closes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from annotator.corpus import Document
from annotator.tui.controller import AnnotateController
from annotator.tui.model_worker import DEFAULT_THRESHOLD, ModelSuggester
from annotator.tui.question import Ask
from annotator.tui.suggestions import next_in_order


class ModelLoopScreen(Screen[None]):
    """What the annotate screen adds for ``annotate --model``: workers and the uncertainty keys."""

    controller: AnnotateController
    _model_stop: threading.Event | None = None

    if TYPE_CHECKING:
        # Provided by the annotate screen, which this class is a base of.
        def redraw(self, list_too: bool = True) -> None: ...

        def edit(self, step: Callable[..., Ask], *args: Any) -> None: ...

        def move_cursor_to(self, offset: int) -> None: ...

    def start_model(self) -> None:
        """Predict the document now shown, off the UI thread (nothing happens without ``--model``)."""
        model = self.controller.session.model
        if model is None:
            return
        doc = self.controller.session.document(self.controller.doc_id)
        self.run_worker(
            partial(self._predict, model, doc), name=f"model {doc.id}", group="model", exclusive=True, thread=True
        )

    def _predict(self, model: ModelSuggester, doc: Document) -> None:
        model.predict(doc)
        self.app.call_from_thread(self._predicted, model, doc.id)

    def _predicted(self, model: ModelSuggester, doc_id: str) -> None:
        if doc_id == self.controller.doc_id:
            if doc_id in model.failures:
                self.notify(
                    f"{model.source} failed on {doc_id}: {model.failures[doc_id]}", severity="warning", timeout=8
                )
            else:
                n = sum(s.source == model.source for s in self.controller.suggestions())
                self.notify(f"{model.name}: {n} suggestion(s) here; J goes to the least sure", timeout=4)
            self.redraw(list_too=False)
        if self._model_stop is None:
            self._model_stop = threading.Event()
            docs = [self.controller.session.document(d) for d in self.controller.session.doc_ids()]
            self.run_worker(
                partial(model.predict_all, docs, self._model_stop),
                name="model: every document",
                group="model-all",
                thread=True,
            )

    def on_unmount(self) -> None:
        if self._model_stop is not None:
            self._model_stop.set()

    def action_accept_sure(self) -> None:
        model = self.controller.session.model
        self.edit(self.controller.accept_sure, model.threshold if model else DEFAULT_THRESHOLD)

    def action_next_uncertain(self) -> None:
        found = next_in_order(self.controller.suggestions(), self.controller.pointer.cursor_span[0])
        if found is None:
            self.notify("no open suggestions in this document")
        else:
            self.move_cursor_to(found)
