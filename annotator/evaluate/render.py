"""A report as a terminal table, Markdown or a self-contained HTML page.

All three are drawn from the same :class:`~annotator.evaluate.report.Report`
and from a list of rows built once here, so they never disagree.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from annotator.evaluate.report import Report, Score, Section
from annotator.metrics.counts import NA, SCHEMES

Row = list[str]


def _f(x: float | None) -> str:
    return NA if x is None else f"{x:.3f}"


def _ci(ci: tuple[float, float] | None) -> str:
    return f"{ci[0]:.2f}–{ci[1]:.2f}" if ci else ""


SCHEME_HEAD = ["scheme", "COR", "INC", "PAR", "MIS", "SPU", "POS", "ACT", "P", "R", "F1", "95% CI", "macro"]
LABEL_HEAD = ["label", "COR", "INC", "PAR", "MIS", "SPU", "P", "R", "F1"]
SCORE_HEAD = ["metric", "P", "R", "F1", "95% CI", "pred", "gold"]
LEGEND = (
    "COR correct, INC incorrect (paired, but the label or boundary differs under the scheme), "
    "PAR partial (overlapping boundaries, half credit under partial and type), MIS missed (gold without "
    "a prediction), SPU spurious (prediction without gold); P = COR/ACT, R = COR/POS"
)
"""What the count columns mean, printed under the mention tables (MUC/SemEval-2013 terms)."""


def scheme_rows(sec: Section) -> list[Row]:
    m = sec.mentions
    if m is None:
        return []
    return [
        [
            s,
            *(str(getattr(m.schemes[s], k)) for k in ("cor", "inc", "par", "mis", "spu", "pos", "act")),
            _f(m.schemes[s].precision),
            _f(m.schemes[s].recall),
            _f(m.schemes[s].f1),
            _ci(m.schemes[s].ci),
            _f(m.macro[s].f1) if s in m.macro else "",
        ]
        for s in (*SCHEMES, "head")
        if s in m.schemes
    ]


def label_rows(sec: Section, scheme: str) -> list[Row]:
    if sec.mentions is None:
        return []
    return [
        [
            lab,
            *(str(getattr(c[scheme], k)) for k in ("cor", "inc", "par", "mis", "spu")),
            _f(c[scheme].precision),
            _f(c[scheme].recall),
            _f(c[scheme].f1),
        ]
        for lab, c in sec.mentions.per_label.items()
    ]


def score_groups(sec: Section) -> Iterator[tuple[str, list[Row]]]:
    for title, group in (
        ("coreference", sec.coref),
        ("events", sec.events),
        ("hoppers", sec.hoppers),
        ("attributions", sec.attributions),
        ("relations", sec.relations),
        ("document labels", sec.doc_labels),
        ("discontinuous mentions", sec.fragments),
        ("knowledge-base links", sec.links),
    ):
        if group:
            rows = [_score_row(name, s) for name, s in group.items()]
            if title == "coreference" and sec.conll is not None:
                rows.append(["CoNLL (mean F1)", "", "", _f(sec.conll), "", "", ""])
            if title == "hoppers" and sec.hopper_conll is not None:
                rows.append(["CoNLL (mean F1)", "", "", _f(sec.hopper_conll), "", "", ""])
            yield title, rows


def _score_row(name: str, s: Score) -> Row:
    return [name, _f(s.precision), _f(s.recall), _f(s.f1), _ci(s.ci), f"{s.p_den:g}", f"{s.r_den:g}"]


def summary_lines(r: Report) -> list[str]:
    lines = [
        f"{r.system or 'system'} vs {r.gold}: {r.documents} documents; layers scored: "
        f"{', '.join(r.layers_scored) or 'none'}"
    ]
    if r.layers_absent:
        lines.append(f"absent from the predictions (not scored): {', '.join(r.layers_absent)}")
    if r.documents_without_prediction:
        lines.append(f"{len(r.documents_without_prediction)} document(s) without a prediction, scored as empty")
    if r.leakage:
        lines.append("boilerplate leakage (masked predictions): " + ", ".join(f"{k} {v}" for k, v in r.leakage.items()))
    if r.failures:
        lines.append(f"extractor failed on {len(r.failures)} document(s): {', '.join(r.failures)}")
    if r.bootstrap:
        lines.append(f"intervals: {r.bootstrap['resamples']} document resamples, seed {r.bootstrap['seed']}")
    lines += r.notes
    return lines


def error_rows(r: Report) -> list[Row]:
    def side(x: tuple[int, int, str, str] | None) -> str:
        return f"{x[0]}-{x[1]} {x[2]} {x[3]!r}" if x else ""

    return [[e.doc, e.layer, e.kind, side(e.gold), side(e.pred)] for e in r.errors or []]


def to_table(r: Report, scheme: str = "strict") -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console(highlight=False)
    for line in summary_lines(r):
        con.print(line, markup=False)

    def table(title: str, head: Row, rows: list[Row]) -> None:
        if head is SCHEME_HEAD:
            head = [h for i, h in enumerate(head) if i not in (6, 7)]
            rows = [[c for i, c in enumerate(row) if i not in (6, 7)] for row in rows]
        t = Table(title=title, title_justify="left", pad_edge=False, padding=(0, 1))
        for i, h in enumerate(head):
            t.add_column(h, justify="left" if i == 0 else "right", overflow="fold" if i == 0 else "ellipsis")
        for row in rows:
            t.add_row(*row)
        con.print(t)

    for name, sec in (("", r.main), *((f" [{k}]", v) for k, v in r.separate.items())):
        if sec.mentions is not None:
            table(f"Mentions{name}", SCHEME_HEAD, scheme_rows(sec))
            table(f"Per label, {scheme}{name}", LABEL_HEAD, label_rows(sec, scheme))
            con.print(LEGEND, markup=False, style="dim")
        for title, rows in score_groups(sec):
            table(f"{title.capitalize()}{name}", SCORE_HEAD, rows)
    if r.errors is not None:
        table("Errors", ["doc", "layer", "kind", "gold", "predicted"], error_rows(r))


def markdown_table(head: Row, rows: list[Row]) -> str:
    def esc(c: str) -> str:
        return c.replace("|", "\\|")

    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def to_markdown(r: Report, scheme: str = "strict") -> str:
    parts = [f"# Evaluation of {r.system or 'system'}", "", *(f"- {x}" for x in summary_lines(r)), ""]
    for name, sec in (("", r.main), *((f" ({k})", v) for k, v in r.separate.items())):
        if sec.mentions is not None:
            parts += [f"## Mentions{name}", "", markdown_table(SCHEME_HEAD, scheme_rows(sec)), ""]
            parts += [f"### Per label ({scheme}){name}", "", markdown_table(LABEL_HEAD, label_rows(sec, scheme)), ""]
            parts += [f"*{LEGEND}*", ""]
        for title, rows in score_groups(sec):
            parts += [f"## {title.capitalize()}{name}", "", markdown_table(SCORE_HEAD, rows), ""]
    if r.errors is not None:
        parts += ["## Errors", "", markdown_table(["doc", "layer", "kind", "gold", "predicted"], error_rows(r)), ""]
    return "\n".join(parts)


CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}
.bar{display:inline-block;height:10px;background:#4a7fd4;vertical-align:middle}
.heat td{width:3.5em;text-align:center}
"""


def html_table(head: Row, rows: list[Row], raw_cols: frozenset[int] = frozenset()) -> str:
    e = html.escape
    out = ["<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>"]
    for row in rows:
        cells = "".join(f"<td>{c if i in raw_cols else e(c)}</td>" for i, c in enumerate(row))
        out.append(f"<tr>{cells}</tr>")
    return "\n".join(out) + "</table>"


def _heatmap(confusion: dict[str, dict[str, int]]) -> str:
    e = html.escape
    rows = sorted(confusion)
    cols = sorted({p for v in confusion.values() for p in v})
    top = max((n for v in confusion.values() for n in v.values()), default=1)
    out = ["<table class='heat'><tr><th>gold \\ predicted</th>" + "".join(f"<th>{e(c)}</th>" for c in cols) + "</tr>"]
    for g in rows:
        cells = []
        for p in cols:
            n = confusion[g].get(p, 0)
            alpha = n / top if top else 0
            colour = "60,150,80" if g == p else "210,70,60"
            cells.append(f"<td style='background:rgba({colour},{alpha:.2f})'>{n or ''}</td>")
        out.append(f"<tr><th>{e(g)}</th>{''.join(cells)}</tr>")
    return "\n".join(out) + "</table>"


def to_html(r: Report, scheme: str = "strict") -> str:
    e = html.escape
    body = ["<ul>"]
    body += [f"<li>{e(x)}</li>" for x in summary_lines(r)]
    body.append("</ul>")
    for name, sec in (("", r.main), *((f" ({k})", v) for k, v in r.separate.items())):
        if sec.mentions is not None:
            body += [f"<h2>Mentions{e(name)}</h2>", html_table(SCHEME_HEAD, scheme_rows(sec))]
            bars = [
                [
                    lab,
                    f"<span class='bar' style='width:{200 * (c[scheme].f1 or 0):.0f}px'></span> {_f(c[scheme].f1)}",
                    str(c[scheme].pos),
                    str(c[scheme].act),
                ]
                for lab, c in sec.mentions.per_label.items()
            ]
            body += [
                f"<h3>F1 per label ({e(scheme)})</h3>",
                html_table(["label", "F1", "gold", "pred"], bars, frozenset({1})),
            ]
            body += [f"<h3>Per label ({e(scheme)})</h3>", html_table(LABEL_HEAD, label_rows(sec, scheme))]
            body += [
                "<h3>Label confusion (paired spans; ∅ = missed or spurious)</h3>",
                _heatmap(sec.mentions.confusion),
            ]
        for title, rows in score_groups(sec):
            body += [f"<h2>{e(title.capitalize())}{e(name)}</h2>", html_table(SCORE_HEAD, rows)]
    if r.errors is not None:
        body += ["<h2>Errors</h2>", html_table(["doc", "layer", "kind", "gold", "predicted"], error_rows(r))]
    return page(f"Evaluation of {r.system or 'system'}", "\n".join(body))


def page(title: str, body: str) -> str:
    """A self-contained HTML page: inline style, no scripts, nothing fetched."""
    e = html.escape
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title>"
        f"<style>{CSS}</style></head><body><h1>{e(title)}</h1>\n{body}</body></html>\n"
    )
