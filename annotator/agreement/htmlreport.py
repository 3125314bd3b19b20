"""A self-contained HTML agreement report: one file, inline CSS, no scripts or external assets.

It shows what a lead needs to judge the guidelines at a glance: the pairwise
annotator matrix (who agrees with whom), per-label F1 bars (which labels are
hard) and a label confusion heatmap (which labels annotators swap).
"""

from __future__ import annotations

from html import escape

from annotator.agreement.disagreements import KINDS
from annotator.agreement.render import DASH, header, num, spread
from annotator.agreement.report import Report, SpanLayer

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f4f4f4}td.l,th.l{text-align:left}.muted{color:#777}
.bar{display:inline-block;height:10px;background:#4a7bd0;vertical-align:middle}
.bar.o{background:#9bb8e8}.cell{min-width:3.5em}
"""


def _color(value: float | None) -> str:
    """Red (0 or below) to green (1) for agreement values."""
    if value is None:
        return "#eee"
    v = max(0.0, min(1.0, value))
    return f"hsl({int(120 * v)},60%,80%)"


def _matrix(report: Report, layer: SpanLayer) -> str:
    m = layer.measures[0]
    values = {(p.a, p.b): p for p in m.pairs} | {(p.b, p.a): p for p in m.pairs}
    head = "".join(f"<th>{escape(a)}</th>" for a in report.annotators)
    rows = []
    for a in report.annotators:
        cells = []
        for b in report.annotators:
            p = values.get((a, b))
            if a == b or p is None:
                cells.append(f"<td class='cell muted'>{DASH}</td>")
            else:
                title = f"{p.docs} shared documents"
                cells.append(
                    f"<td class='cell' style='background:{_color(p.value)}' title='{title}'>{num(p.value)}</td>"
                )
        rows.append(f"<tr><th class='l'>{escape(a)}</th>{''.join(cells)}</tr>")
    return f"<h3>Pairwise {escape(m.name)}</h3><table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def _bars(layer: SpanLayer) -> str:
    rows = []
    for r in layer.labels:
        ex = r.exact_f1 or 0.0
        ov = r.overlap_f1 or 0.0
        rows.append(
            f"<tr><td class='l'>{escape(r.label)}</td><td>{r.spans}</td>"
            f"<td class='l'><span class='bar' style='width:{ex * 200:.0f}px'></span> {num(r.exact_f1)}</td>"
            f"<td class='l'><span class='bar o' style='width:{ov * 200:.0f}px'></span> {num(r.overlap_f1)}</td>"
            f"<td style='background:{_color(r.ualpha)}'>{num(r.ualpha)}</td></tr>"
        )
    return (
        "<h3>Per label</h3><table><tr><th class='l'>label</th><th>spans</th><th class='l'>exact F1</th>"
        f"<th class='l'>overlap F1</th><th>u-alpha</th></tr>{''.join(rows)}</table>"
    )


def _heatmap(layer: SpanLayer) -> str:
    if not layer.confusion:
        return ""
    counts = {(c.a, c.b): c.count for c in layer.confusion} | {(c.b, c.a): c.count for c in layer.confusion}
    labels = sorted({c.a for c in layer.confusion} | {c.b for c in layer.confusion})
    off = [n for (x, y), n in counts.items() if x != y]
    top = max(off, default=1)
    head = "".join(f"<th>{escape(b)}</th>" for b in labels)
    rows = []
    for a in labels:
        cells = []
        for b in labels:
            n = counts.get((a, b), 0)
            if a == b:
                cells.append(f"<td class='muted'>{n or ''}</td>")
            else:
                shade = f"rgba(214,69,65,{0.1 + 0.9 * n / top:.2f})" if n else "#fff"
                cells.append(f"<td style='background:{shade}'>{n or ''}</td>")
        rows.append(f"<tr><th class='l'>{escape(a)}</th>{''.join(cells)}</tr>")
    return (
        "<h3>Label confusion</h3><p class='muted'>Places two annotators both marked (overlapping spans), by the "
        "labels they gave; ∅ = one of them marked nothing. The diagonal is agreement.</p>"
        f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )


def _table(columns: list[str], rows: list[list[str]], left: int = 2) -> str:
    head = "".join(
        f"<th class='l'>{escape(c)}</th>" if i < left else f"<th>{escape(c)}</th>" for i, c in enumerate(columns)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td class='l'>{escape(c)}</td>" if i < left else f"<td>{escape(c)}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def render_html(report: Report) -> str:
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Inter-annotator agreement</title>",
        f"<style>{CSS}</style></head><body><h1>Inter-annotator agreement</h1>",
    ]
    parts += [f"<p>{escape(line.strip())}</p>" for line in header(report)[:1]]
    parts.append(
        _table(["annotator", "annotator", "shared documents"], [[p.a, p.b, str(p.docs)] for p in report.pairs])
    )
    if report.left_out:
        parts.append("<h3>Left out</h3><ul>" + "".join(f"<li>{escape(x)}</li>" for x in report.left_out) + "</ul>")
    for layer in report.spans:
        parts.append(f"<h2>{escape(layer.layer)}</h2>")
        rows = [[m.name, spread(m.summary)] for m in layer.measures]
        rows.append(["u-alpha (all labels)", f"{num(layer.ualpha)} on {layer.ualpha_docs} documents"])
        parts.append(_table(["measure", "mean ± sample SD over pairs"], rows, left=1))
        parts += [_matrix(report, layer), _bars(layer), _heatmap(layer)]
    if report.coefficients:
        parts.append("<h2>Alpha and kappa</h2>")
        parts.append(
            _table(
                ["layer", "what", "units", "alpha", "Fleiss' kappa", "Cohen's kappa"],
                [
                    [c.layer, c.name, str(c.units), num(c.alpha), num(c.fleiss), spread(c.kappa.summary)]
                    for c in report.coefficients
                ],
            )
        )
    if report.measures:
        parts.append("<h2>Events, attributions, coreference</h2>")
        parts.append(
            _table(
                ["layer", "measure", "mean ± sample SD over pairs", "pairs"],
                [[m.layer, m.name, spread(m.summary), str(m.summary.pairs)] for m in report.measures],
            )
        )
    if report.disagreements is not None:
        parts.append("<h2>Disagreements</h2>")
        for kind in KINDS:
            items = [d for d in report.disagreements if d.kind == kind]
            rows = [
                [
                    d.layer,
                    d.doc,
                    f"{d.start}-{d.end}",
                    d.text,
                    "; ".join(f"{v.annotator}: {v.label} {v.start}-{v.end}" for v in d.versions)
                    + "".join(f"; {a}: nothing" for a in d.absent),
                ]
                for d in items
            ]
            parts.append(f"<details><summary>{kind} ({len(items)})</summary>")
            parts.append(_table(["layer", "doc", "offsets", "text", "versions"], rows, left=5) + "</details>")
    parts.append("</body></html>\n")
    return "".join(parts)
