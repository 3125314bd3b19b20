"""The leaderboard as a terminal table, Markdown or a self-contained HTML page, from one list of rows."""

from __future__ import annotations

import html

from annotator.benchmark.leaderboard import Cell, Leaderboard
from annotator.evaluate.render import html_table, markdown_table, page

SHORT = {
    "events/trigger_classification/exact": "triggers",
    "events/argument_classification/exact": "arguments",
    "attributions/cue/exact": "attr. cues",
    "attributions/joint/relaxed": "attr. joint (relaxed)",
}


def column_name(metric: str) -> str:
    return SHORT.get(metric, metric.replace("/", " "))


def cell_text(cell: Cell, best: bool) -> str:
    """``0.512 [0.45–0.58]``, then ``p=0.003`` against the best of the column (``best`` marks the best)."""
    if cell.f1 is None:
        return "absent"
    text = f"{cell.f1:.3f}"
    if cell.ci is not None:
        text += f" [{cell.ci[0]:.2f}–{cell.ci[1]:.2f}]"
    if best:
        return text + " (best)"
    if cell.p_vs_best is not None:
        text += f" p={cell.p_vs_best:.3f}"
    return text


def rows(board: Leaderboard) -> tuple[list[str], list[list[str]]]:
    head = ["#", "system", "failed", "unaligned", *(column_name(m) for m in board.metrics)]
    out = []
    for r in board.rows:
        unaligned = sum(len(v) for v in r.unaligned.values())
        out.append(
            [
                str(r.rank),
                r.system,
                f"{r.failed}/{r.documents}",
                str(unaligned),
                *(cell_text(r.metrics[m], board.best.get(m) == r.system) for m in board.metrics),
            ]
        )
    return head, out


def notes(board: Leaderboard) -> list[str]:
    lines = [
        f"{board.documents} gold documents from {board.gold}; ranked by {column_name(board.rank_by)} F1.",
        f"F1 with its {board.confidence:.0%} document-level bootstrap interval ({board.resamples} resamples, "
        f"seed {board.seed}); p: approximate randomisation against the best system of the column "
        "(documents swapped at random); a failed document counts as an empty prediction; "
        "'absent': the system does not predict that layer.",
    ]
    for r in board.rows:
        lines += [f"{r.system} failed on {doc}: {why}" for doc, why in r.failures.items()]
        lines += [f"{r.system} could not align in {doc}: {'; '.join(u)}" for doc, u in r.unaligned.items()]
    return lines


def to_markdown(board: Leaderboard) -> str:
    head, body = rows(board)
    return "\n".join([markdown_table(head, body), "", *(f"- {n}" for n in notes(board))]) + "\n"


def to_html(board: Leaderboard) -> str:
    head, body = rows(board)
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes(board))
    return page("Extractor leaderboard", html_table(head, body) + f"<ul>{items}</ul>")


def to_table(board: Leaderboard) -> None:
    from rich.console import Console
    from rich.table import Table

    head, body = rows(board)
    t = Table(title="Extractor leaderboard", title_justify="left")
    for i, h in enumerate(head):
        t.add_column(h, justify="left" if i in (1,) else "right")
    for row in body:
        t.add_row(*row)
    con = Console(highlight=False)
    con.print(t)
    for n in notes(board):
        con.print(n, markup=False)
