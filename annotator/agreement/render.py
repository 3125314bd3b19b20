"""The report as terminal tables (rich), Markdown and JSON; HTML lives in :mod:`html`."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from annotator.agreement.disagreements import KINDS
from annotator.agreement.report import Measure, Report, Spread

DASH = "—"
TEXT_COLUMNS = {"text", "versions", "what", "measure", "label", "scored on"}
LEFT = TEXT_COLUMNS | {"layer", "doc"}


def num(x: float | None) -> str:
    return DASH if x is None else f"{x:.3f}"


def spread(s: Spread) -> str:
    if s.mean is None:
        return DASH
    return f"{s.mean:.3f} ± {s.sd:.3f}" if s.pairs > 1 else f"{s.mean:.3f}"


def header(report: Report) -> list[str]:
    scope = "done or in progress" if report.include_in_progress else "done"
    lines = [
        f"{len(report.annotators)} annotators ({', '.join(report.annotators)}), "
        f"{len(report.documents)} documents ({scope}) annotated by two or more, {len(report.pairs)} pairs",
    ]
    lines += [f"  {p.a} / {p.b}: {p.docs} shared document(s)" for p in report.pairs]
    return lines


def _rows(report: Report) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table of the report as (title, columns, rows): one source for the terminal and Markdown."""
    tables: list[tuple[str, list[str], list[list[str]]]] = []
    for layer in report.spans:
        rows = [[m.name, spread(m.summary)] for m in layer.measures]
        rows.append(["u-alpha (all labels)", f"{num(layer.ualpha)} on {layer.ualpha_docs} documents"])
        tables.append((f"{layer.layer}: span agreement (mean ± sample SD over pairs)", ["measure", "value"], rows))
        tables.append(
            (
                f"{layer.layer}: per label",
                ["label", "spans", "exact F1", "overlap F1", "u-alpha"],
                [[r.label, str(r.spans), num(r.exact_f1), num(r.overlap_f1), num(r.ualpha)] for r in layer.labels],
            )
        )
        exact = layer.measures[0]
        tables.append(_matrix(report, exact))
    if report.coefficients:
        tables.append(
            (
                "Alpha and kappa (tokens, and labels/attributes on agreed units)",
                ["layer", "what", "units", "alpha", "Fleiss' kappa", "Cohen's kappa"],
                [
                    [c.layer, c.name, str(c.units), num(c.alpha), num(c.fleiss), spread(c.kappa.summary)]
                    for c in report.coefficients
                ],
            )
        )
    if report.measures:
        tables.append(
            (
                "Events, hoppers, attributions, entities (mean ± sample SD over pairs)",
                ["layer", "measure", "value", "pairs", "scored on"],
                [
                    [m.layer, m.name, spread(m.summary), str(m.summary.pairs), m.note or "shared documents"]
                    for m in report.measures
                ],
            )
        )
    if report.intervals:
        level = f"{report.confidence:.0%}" if report.confidence is not None else ""
        tables.append(
            (
                f"{level} confidence intervals (percentile bootstrap over documents)",
                ["figure", "value", "low", "high", "resamples"],
                [[i.figure, num(i.value), num(i.lo), num(i.hi), str(i.resamples)] for i in report.intervals],
            )
        )
    return tables


def _matrix(report: Report, m: Measure) -> tuple[str, list[str], list[list[str]]]:
    values = {(p.a, p.b): p.value for p in m.pairs} | {(p.b, p.a): p.value for p in m.pairs}
    rows = [[a] + [DASH if a == b else num(values.get((a, b))) for b in report.annotators] for a in report.annotators]
    return (f"{m.layer}: pairwise {m.name}", ["", *report.annotators], rows)


def _disagreement_rows(report: Report) -> list[tuple[str, list[str], list[list[str]]]]:
    if report.disagreements is None:
        return []
    out = []
    for kind in KINDS:
        items = [d for d in report.disagreements if d.kind == kind]
        rows = []
        for d in items:
            versions = "; ".join(f"{v.annotator}: {v.label} {v.start}-{v.end} {v.text!r}" for v in d.versions)
            if d.absent:
                versions += "; " + "; ".join(f"{a}: nothing" for a in d.absent)
            rows.append([d.layer, d.doc, f"{d.start}-{d.end}", d.text, versions])
        out.append((f"Disagreements: {kind} ({len(items)})", ["layer", "doc", "offsets", "text", "versions"], rows))
    return out


def render_table(report: Report, console: Console) -> None:
    for line in header(report):
        console.print(line, markup=False)
    if report.left_out:
        console.print("Left out:")
        for line in report.left_out:
            console.print(f"  {line}", markup=False)
    for title, columns, rows in _rows(report) + _disagreement_rows(report):
        table = Table(title=title, title_justify="left")
        for i, col in enumerate(columns):
            table.add_column(col, justify="left" if i == 0 or col in TEXT_COLUMNS else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)


def table_text(report: Report, width: int = 120) -> str:
    buffer = io.StringIO()
    render_table(report, Console(file=buffer, width=width, color_system=None, highlight=False))
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    lines = ["# Inter-annotator agreement", ""]
    lines += [line.strip() + "  " for line in header(report)]
    if report.left_out:
        lines += ["", "**Left out:**", ""] + [f"- {_md_cell(x)}" for x in report.left_out]
    for title, columns, rows in _rows(report) + _disagreement_rows(report):
        lines += ["", f"## {title}", ""]
        lines.append("| " + " | ".join(_md_cell(c) or " " for c in columns) + " |")
        lines.append("|" + "|".join("---" if i == 0 or c in LEFT else "---:" for i, c in enumerate(columns)) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"
