"""The annotators' manual stays in step with the scheme and quotes the seeds exactly.

An annotator who looks up a label, role or attribute value must find it on the
page the manual promises (the UI's guidelines screen opens those pages at the
section for the item under the cursor), and every example the manual quotes
must be the very text of the seed it names: a paraphrased or "tidied" quote
teaches annotators a span that does not exist in the file.

The quoting convention (documented at the top of ``00_overview.md``): a seed
quote is the seed's three-digit number in parentheses, one space, then a
Markdown code span holding the exact text, e.g. ``(003) `said Monday```. An
invented example is ``(ex)`` and a code span; it must not be seed text, because
the manual teaches rules, and an "invented" sentence copied from a seed hands
the annotator that seed's answer. The seed walkthrough (the answers for the
seeds) lives with the gold, outside the annotators' manual, and its quotes are
checked like the manual's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.scheme import AttributeSpec, Scheme, load_scheme

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "guidelines"
SEEDS = ROOT / "seeds"
WALKTHROUGH = ROOT / "gold" / "seed_gold_walkthrough.md"

MARKER = re.compile(r"\((\d{3})\)")
INVENTED = re.compile(r"\(ex\) ")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
LINK = re.compile(r"\]\(([^)\s]+)\)")

PAGES = {
    "zones": "01_zones.md",
    "entities": "02_entities.md",
    "mention_attributes": "03_mentions_and_spans.md",
    "common_roles": "05_events_overview.md",
    "event_attributes": "07_event_attributes.md",
    "attribution_attributes": "10_attribution_attributes.md",
}
TYPE_PAGE_SECTIONS = ("Definition", "Triggers", "Roles", "Mapping", "Seed examples", "Confusable neighbours")
# Floors that keep the exactness check below from passing on an empty set of quotes (manual and
# seed walkthrough together). They were 1000 and 150 while the manual taught through seed
# sentences; guidelines 2.1 replaced those with invented examples (issue 16), leaving 775 quotes,
# at least 103 per seed. ``test_guidelines_seed_overlap.py`` caps the other side.
MIN_QUOTES = 750
MIN_QUOTES_PER_SEED = 100
MIN_QUOTES_PER_TYPE_PAGE = 3
MIN_INVENTED = 500


@dataclass(frozen=True)
class Quote:
    page: str
    line: int
    seed: str
    text: str


def code_spans(text: str) -> list[tuple[int, int, str]]:
    """CommonMark code spans of one line as (start, end, content): a run of n
    backticks up to the next run of exactly n, one padding space stripped from
    each side when both are present (so a quote may itself hold a backtick)."""
    spans = []
    i = 0
    while i < len(text):
        if text[i] != "`":
            i += 1
            continue
        j = i
        while j < len(text) and text[j] == "`":
            j += 1
        run = j - i
        k = j
        close = -1
        while k < len(text):
            if text[k] == "`":
                m = k
                while m < len(text) and text[m] == "`":
                    m += 1
                if m - k == run:
                    close = k
                    break
                k = m
            else:
                k += 1
        if close < 0:
            i = j
            continue
        body = text[j:close]
        if len(body) > 1 and body.startswith(" ") and body.endswith(" ") and body.strip():
            body = body[1:-1]
        spans.append((i, close + run, body))
        i = close + run
    return spans


def parse_quotes(page: str, text: str) -> tuple[list[Quote], list[str]]:
    """Every seed quote of a page, and every marker not followed by a quote."""
    quotes: list[Quote] = []
    stray: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        spans = {start: body for start, _, body in code_spans(line)}
        inside = [(s, e) for s, e, _ in code_spans(line)]
        for m in MARKER.finditer(line):
            if any(s <= m.start() < e for s, e in inside):
                continue
            after = m.end() + 1
            if line[m.end() : after] == " " and after in spans:
                quotes.append(Quote(page, n, m.group(1), spans[after]))
            else:
                stray.append(f"{page}:{n}: ({m.group(1)}) is not followed by one space and a `quote`")
    return quotes, stray


def backticked(text: str) -> set[str]:
    return {body for _, _, body in (s for line in text.splitlines() for s in code_spans(line))}


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) pairs; a section runs to the next heading of the same or a higher level."""
    lines = text.splitlines()
    heads = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines) if (m := HEADING.match(line))]
    out = []
    for idx, (i, level, title) in enumerate(heads):
        end = next((j for j, lv, _ in heads[idx + 1 :] if lv <= level), len(lines))
        out.append((title, "\n".join(lines[i + 1 : end])))
    return out


def defines(body: str, name: str) -> bool:
    """Whether a table row or list item of ``body`` starts with ``name`` in backticks."""
    entry = re.compile(r"^\s*(?:\||[-*])\s*`" + re.escape(name) + "`")
    return any(entry.match(line) for line in body.splitlines())


def section_for(text: str, name: str) -> str | None:
    """The body of the first section whose heading holds ``name`` in backticks."""
    for title, body in sections(text):
        if f"`{name}`" in title:
            return body
    return None


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return load_scheme(GUIDE / "schema.toml")


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {p.relative_to(GUIDE).as_posix(): p.read_text(encoding="utf-8") for p in sorted(GUIDE.rglob("*.md"))}


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    out = {}
    for p in sorted(SEEDS.glob("*.txt")):
        with open(p, encoding="utf-8", newline="") as fh:
            out[p.name[:3]] = fh.read()
    return out


def type_page(name: str) -> str:
    return f"event_types/{name.lower()}.md"


def page(pages: dict[str, str], rel: str) -> str:
    assert rel in pages, f"guidelines/{rel} is missing"
    return pages[rel]


def check_attribute_sections(text: str, rel: str, specs: tuple[AttributeSpec, ...]) -> list[str]:
    problems = []
    for spec in specs:
        body = section_for(text, spec.name)
        if body is None:
            problems.append(f"{rel}: no section heading names `{spec.name}`")
            continue
        problems += [
            f"{rel}: value `{v}` of `{spec.name}` has no table row or list item of its own in its section"
            for v in spec.values
            if not defines(body, v)
        ]
    return problems


def check_roles(text: str, rel: str, roles) -> list[str]:
    """Each role has a line naming it in backticks together with every allowed filler label."""
    problems = []
    lines = text.splitlines()
    for role in roles:
        rows = [line for line in lines if f"`{role.name}`" in line]
        if not rows:
            problems.append(f"{rel}: role `{role.name}` is not documented")
        elif not any(all(f"`{f}`" in row for f in role.fillers) for row in rows):
            problems.append(f"{rel}: no line gives role `{role.name}` with all its fillers {list(role.fillers)}")
        if role.events and not any("event" in row.lower() for row in rows):
            problems.append(f"{rel}: role `{role.name}` takes events but no line says so")
    return problems


def test_every_zone_and_entity_label_has_its_own_section(scheme, pages):
    problems = []
    for rel, names in (
        (PAGES["zones"], [z.label for z in scheme.zones]),
        (PAGES["entities"], [e.label for e in scheme.entity_labels]),
    ):
        text = page(pages, rel)
        problems += [f"{rel}: no section heading names `{n}`" for n in names if section_for(text, n) is None]
    assert problems == []


def test_every_attribute_and_value_is_documented_in_its_section(scheme, pages):
    problems = []
    for group, specs in (
        ("mention_attributes", scheme.mention_attributes),
        ("event_attributes", scheme.event_attributes),
        ("attribution_attributes", scheme.attribution_attributes),
    ):
        rel = PAGES[group]
        problems += check_attribute_sections(page(pages, rel), rel, specs)
    assert problems == []


def test_common_roles_are_documented_with_their_fillers(scheme, pages):
    rel = PAGES["common_roles"]
    assert check_roles(page(pages, rel), rel, scheme.common_roles) == []


def test_every_event_type_has_a_complete_page(scheme, pages):
    problems = []
    for t in scheme.event_types:
        rel = type_page(t.name)
        if rel not in pages:
            problems.append(f"guidelines/{rel} is missing")
            continue
        text = pages[rel]
        first = next((title for title, _ in sections(text)), "")
        if f"`{t.name}`" not in first:
            problems.append(f"{rel}: the title does not name `{t.name}`")
        titles = [title for title, _ in sections(text)]
        problems += [f"{rel}: no '{want}' section" for want in TYPE_PAGE_SECTIONS if not any(want in x for x in titles)]
        problems += check_roles(text, rel, t.roles)
        problems += check_attribute_sections(text, rel, t.attributes)
    assert problems == []


def test_no_page_for_an_event_type_the_scheme_lacks(scheme, pages):
    known = {type_page(t.name) for t in scheme.event_types}
    extra = [rel for rel in pages if rel.startswith("event_types/") and rel not in known]
    assert extra == []


def test_events_overview_lists_every_type_with_a_link_to_its_page(scheme, pages):
    text = page(pages, "05_events_overview.md")
    missing = [
        t.name
        for t in scheme.event_types
        if not any(f"`{t.name}`" in line and f"({type_page(t.name)})" in line for line in text.splitlines())
    ]
    assert missing == []


def test_every_scheme_name_appears_backticked_somewhere(scheme, pages):
    found = set().union(*(backticked(t) for t in pages.values()))
    names = [z.label for z in scheme.zones] + [e.label for e in scheme.entity_labels]
    names += [t.name for t in scheme.event_types] + [r.name for r in scheme.common_roles]
    for t in scheme.event_types:
        names += [r.name for r in t.roles]
        for spec in t.attributes:
            names += [spec.name, *spec.values]
    for spec in (*scheme.mention_attributes, *scheme.event_attributes, *scheme.attribution_attributes):
        names += [spec.name, *spec.values]
    assert sorted(set(names) - found) == []


def test_relative_links_resolve(pages):
    broken = []
    for rel, text in pages.items():
        base = (GUIDE / rel).parent
        for target in LINK.findall(text):
            if "://" in target or target.startswith("#"):
                continue
            path = target.split("#", 1)[0]
            if not (base / path).exists():
                broken.append(f"{rel}: link to {target}")
    assert broken == []


def test_overview_links_every_page(pages):
    overview = page(pages, "00_overview.md")
    missing = [rel for rel in pages if rel != "00_overview.md" and f"({rel})" not in overview]
    assert missing == []


def invented_examples(page: str, text: str) -> list[tuple[int, str]]:
    """Every ``(ex) `...``` example of a page as (line, text)."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        spans = {start: body for start, _, body in code_spans(line)}
        out += [(n, spans[m.end()]) for m in INVENTED.finditer(line) if m.end() in spans]
    return out


def test_every_quoted_example_is_exact_text_of_its_seed(pages, seed_texts):
    quotes: list[Quote] = []
    stray: list[str] = []
    checked = {**pages, "../gold/seed_gold_walkthrough.md": WALKTHROUGH.read_text(encoding="utf-8")}
    for rel, text in checked.items():
        q, s = parse_quotes(rel, text)
        quotes += q
        stray += s
    assert stray == []
    wrong = [
        f"{q.page}:{q.line}: ({q.seed}) `{q.text}`"
        + (" (no such seed)" if q.seed not in seed_texts else " is not in the seed")
        for q in quotes
        if q.seed not in seed_texts or q.text not in seed_texts[q.seed]
    ]
    assert wrong == []
    assert len(quotes) >= MIN_QUOTES
    per_seed = {s: sum(q.seed == s for q in quotes) for s in seed_texts}
    assert min(per_seed.values()) >= MIN_QUOTES_PER_SEED, per_seed


def test_invented_examples_are_not_seed_text(pages, seed_texts):
    examples = [(rel, n, ex) for rel, text in pages.items() for n, ex in invented_examples(rel, text)]
    copied = [
        f"{rel}:{n}: (ex) `{ex}` is text of seed {s}"
        for rel, n, ex in examples
        for s, seed in seed_texts.items()
        if ex in seed
    ]
    assert copied == []
    assert len(examples) >= MIN_INVENTED


def test_annotators_manual_does_not_link_the_seed_answers(pages):
    """Annotators work from guidelines/ alone; only the adjudication page and the changelog may
    point at the seed walkthrough, which is documentation of the seed gold."""
    allowed = ("15_adjudication_and_iaa.md", "CHANGELOG.md")
    leaking = [rel for rel, text in pages.items() if "seed_gold_walkthrough" in text and rel not in allowed]
    assert leaking == []
    assert not (GUIDE / "14_seed_gold_walkthrough.md").exists()


def test_each_event_type_page_quotes_the_seeds(scheme, pages):
    thin = {}
    for t in scheme.event_types:
        rel = type_page(t.name)
        n = len(parse_quotes(rel, pages.get(rel, ""))[0])
        if n < MIN_QUOTES_PER_TYPE_PAGE:
            thin[t.name] = n
    assert thin == {}


def test_every_backtick_belongs_to_a_code_span(pages):
    """A quote holding a backtick needs double-backtick delimiters; with single ones it would be
    cut short at the inner backtick, still match the seed, and render garbled."""
    unbalanced = []
    for rel, text in pages.items():
        in_fence = False
        for n, line in enumerate(text.splitlines(), 1):
            if line.startswith("```"):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            rest = line
            for start, end, _ in reversed(code_spans(line)):
                rest = rest[:start] + rest[end:]
            if "`" in rest:
                unbalanced.append(f"{rel}:{n}")
    assert unbalanced == []


def test_quote_parser_reads_the_convention():
    quotes, stray = parse_quotes(
        "x.md", "See (004) ``ISIL’S` spokesperson`` and (001) `Yarmouk`; not (002) here; `(003) inside`."
    )
    assert [(q.seed, q.text) for q in quotes] == [("004", "ISIL’S` spokesperson"), ("001", "Yarmouk")]
    assert stray == ["x.md:1: (002) is not followed by one space and a `quote`"]
