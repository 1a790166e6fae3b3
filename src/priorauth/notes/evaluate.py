"""Score the note reader against the labelled corpus (docs/note-reading.md, "The labelled corpus").

    python -m priorauth.notes.evaluate [FILE_OR_DIR ...] [--errors] [--markdown]

With no arguments it scores corpus/dev, corpus/heldout, corpus/mtsamples and corpus/mtsamples-heldout, each
as its own set, and all of them together. For each
note the reader's (fact, value) pairs are compared with the expected ones: a duration within one unit, a
number within 0.5 and a date within three days count as equal. Reported per set: precision, recall and F1
overall and per fact, the share of true positives whose evidence span overlaps the expected quote, and trap
violations (a value read from a mention labelled as one that must give none).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from priorauth.evidence.model import Evidence
from priorauth.markdown import write_section as markdown_section
from priorauth.notes.reader import NoteReader, aggregate
from priorauth.policy.facts import Catalog, FactType, load_catalog
from priorauth.policy.loader import policy_root

DEFAULT_SETS = ("dev", "heldout", "mtsamples", "mtsamples-heldout")
ALL_SETS = "all sets"


class CorpusError(ValueError):
    """A corpus file that cannot be scored; the message names the file, note and label."""


@dataclass(frozen=True, slots=True)
class Label:
    fact: str
    value: Any
    start: int
    end: int
    assertion: str


@dataclass(frozen=True, slots=True)
class CorpusNote:
    id: str
    kind: str
    date: dt.date
    text: str
    expect: tuple[Label, ...]
    traps: tuple[Label, ...]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class SetScore:
    name: str
    notes: int = 0
    overall: Counts = field(default_factory=Counts)
    per_fact: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    spans_right: int = 0
    trap_violations: int = 0
    traps: int = 0
    errors: list[str] = field(default_factory=list)


def _span(text: str, quote: str, occurrence: int, where: str) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            raise CorpusError(
                f"{where}: quote {quote!r} (occurrence {occurrence}) is not in the note text"
            )
    return start, start + len(quote)


def _label(
    raw: dict[str, Any], text: str, where: str, catalog: Catalog, value_needed: bool
) -> Label:
    fact = raw.get("fact")
    if fact not in catalog:
        raise CorpusError(f"{where}: fact {fact!r} is not in the catalog")
    if value_needed and "value" not in raw:
        raise CorpusError(f"{where}: label for {fact!r} has no value")
    if "quote" not in raw:
        raise CorpusError(f"{where}: label for {fact!r} has no quote")
    start, end = _span(text, str(raw["quote"]), int(raw.get("occurrence", 1)), where)
    return Label(fact, raw.get("value"), start, end, str(raw.get("assertion", "affirmed")))


def load_corpus(path: Path, catalog: Catalog) -> list[CorpusNote]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    notes = []
    for raw in data.get("notes", []):
        where = f"{path}: {raw.get('id', '?')}"
        text = raw.get("text")
        date = raw.get("date")
        if not isinstance(text, str) or not isinstance(date, dt.date):
            raise CorpusError(f"{where}: a note needs text and an ISO date")
        expect = tuple(_label(x, text, where, catalog, True) for x in raw.get("expect") or [])
        traps = tuple(_label(x, text, where, catalog, False) for x in raw.get("traps") or [])
        notes.append(
            CorpusNote(str(raw["id"]), str(raw.get("kind", "")), date, text, expect, traps)
        )
    return notes


def same_value(catalog: Catalog, fact: str, got: Any, want: Any) -> bool:
    kind = catalog[fact].type
    if kind is FactType.date:
        if isinstance(want, str):
            want = dt.date.fromisoformat(want)
        return (
            isinstance(got, dt.date) and isinstance(want, dt.date) and abs((got - want).days) <= 3
        )
    if kind is FactType.duration:
        return isinstance(want, int | float) and abs(float(got) - float(want)) <= 1
    if kind is FactType.number:
        return isinstance(want, int | float) and abs(float(got) - float(want)) <= 0.5
    return bool(got == want)


def _overlaps(e: Evidence, label: Label) -> bool:
    return e.start is not None and e.end is not None and e.start < label.end and label.start < e.end


def score_note(reader: NoteReader, note: CorpusNote, score: SetScore) -> None:
    catalog = reader.catalog
    got = aggregate(reader.read(note.text, note.date), catalog)
    unmatched = list(note.expect)
    score.notes += 1
    for e in got:
        match = next(
            (
                g
                for g in unmatched
                if g.fact == e.fact and same_value(catalog, e.fact, e.value, g.value)
            ),
            None,
        )
        if match is not None:
            unmatched.remove(match)
            score.overall.tp += 1
            score.per_fact[e.fact].tp += 1
            if _overlaps(e, match):
                score.spans_right += 1
        else:
            score.overall.fp += 1
            score.per_fact[e.fact].fp += 1
            score.errors.append(
                f"{note.id}: FP {e.fact} = {e.value!r} from {e.quote!r} ({e.assertion})"
            )
    for g in unmatched:
        score.overall.fn += 1
        score.per_fact[g.fact].fn += 1
        quote = note.text[g.start : g.end]
        score.errors.append(f"{note.id}: FN {g.fact} = {g.value!r} from {quote!r} ({g.assertion})")
    for trap in note.traps:
        score.traps += 1
        if any(e.fact == trap.fact and _overlaps(e, trap) for e in got):
            score.trap_violations += 1
            score.errors.append(
                f"{note.id}: TRAP {trap.fact} read from {note.text[trap.start : trap.end]!r}"
            )


def evaluate(reader: NoteReader, paths: list[Path], name: str) -> SetScore:
    score = SetScore(name)
    for path in paths:
        for note in load_corpus(path, reader.catalog):
            score_note(reader, note, score)
    return score


def combined(scores: list[SetScore], name: str = ALL_SETS) -> SetScore:
    """Every set's counts summed: the corpus scored as one set."""
    total = SetScore(name)
    for s in scores:
        total.notes += s.notes
        total.overall.tp += s.overall.tp
        total.overall.fp += s.overall.fp
        total.overall.fn += s.overall.fn
        for fact, c in s.per_fact.items():
            mine = total.per_fact[fact]
            mine.tp += c.tp
            mine.fp += c.fp
            mine.fn += c.fn
        total.spans_right += s.spans_right
        total.traps += s.traps
        total.trap_violations += s.trap_violations
    return total


def corpus_files(target: Path) -> list[Path]:
    return sorted(target.glob("*.yaml")) if target.is_dir() else [target]


def report(score: SetScore, errors: bool, out: Any = None) -> None:
    out = out or sys.stdout
    o = score.overall
    tp = o.tp or 1
    print(
        f"{score.name}: {score.notes} notes, {o.tp + o.fn} expected facts — "
        f"P {o.precision:.3f}  R {o.recall:.3f}  F1 {o.f1:.3f}  "
        f"spans {score.spans_right / tp:.0%}  traps {score.traps - score.trap_violations}/{score.traps} kept",
        file=out,
    )
    weak = sorted((c.f1, f) for f, c in score.per_fact.items() if c.f1 < 0.85)
    if weak:
        print("  facts below 0.85: " + ", ".join(f"{f} {v:.2f}" for v, f in weak), file=out)
    if errors:
        for line in score.errors:
            print("  " + line, file=out)


def markdown(scores: list[SetScore]) -> str:
    lines = [
        "| set | notes | expected facts | precision | recall | F1 | spans right | traps kept | facts < 0.85 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        o = s.overall
        weak = sum(1 for c in s.per_fact.values() if c.f1 < 0.85)
        lines.append(
            f"| {s.name} | {s.notes} | {o.tp + o.fn} | {o.precision:.3f} | {o.recall:.3f} | {o.f1:.3f} | "
            f"{s.spans_right / (o.tp or 1):.0%} | {s.traps - s.trap_violations}/{s.traps} | {weak} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m priorauth.notes.evaluate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "targets",
        nargs="*",
        type=Path,
        help="corpus files or folders, each scored as a set (default: corpus/dev, corpus/heldout, "
        "corpus/mtsamples, corpus/mtsamples-heldout); with several, also all together",
    )
    parser.add_argument(
        "--errors",
        action="store_true",
        help="list every false positive, false negative and trap violation",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print a Markdown table of the figures"
    )
    parser.add_argument(
        "--per-fact", action="store_true", help="print precision, recall and F1 for every fact"
    )
    parser.add_argument(
        "--write", type=Path, help="update this Markdown file's note-reader accuracy section"
    )
    args = parser.parse_args(argv)
    root = policy_root()
    catalog = load_catalog(root / "facts")
    reader = NoteReader(catalog, root / "notes")
    if args.targets:
        sets = [(str(t), corpus_files(t)) for t in args.targets]
    else:
        base = Path("corpus")
        sets = [
            (name, files)
            for name in DEFAULT_SETS
            if (base / name).is_dir() and (files := corpus_files(base / name))
        ]
    try:
        scores = [evaluate(reader, files, name) for name, files in sets]
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if len(scores) > 1:
        scores.append(combined(scores))
    for s in scores:
        report(s, args.errors)
        if args.per_fact:
            for fact, c in sorted(s.per_fact.items()):
                print(
                    f"  {fact:55s} P {c.precision:.2f} R {c.recall:.2f} F1 {c.f1:.2f} (tp {c.tp} fp {c.fp} fn {c.fn})"
                )
    if args.markdown:
        print(markdown(scores))
    if args.write:
        write_section(args.write, scores)
    return 0


def write_section(path: Path, scores: list[SetScore]) -> None:
    lines = [
        "## Note reader accuracy (`make eval`)",
        "",
        f"Scored {dt.date.today().isoformat()} against the labelled corpus (docs/note-reading.md): `dev` is "
        "used to write the rules, `heldout` never is, `mtsamples` is real MTSamples notes labelled by hand "
        "(out of domain) and used to write the rules, `mtsamples-heldout` the other MTSamples notes, "
        "labelled by hand and never used for the rules; `all sets` is the whole corpus scored as one. A (fact, value) pair is right when the value matches (a duration within one "
        "unit, a date within three days); spans right is the share of right pairs whose evidence overlaps "
        "the labelled quote. Targets (issue 3): overall F1 ≥ 0.95, no fact below 0.85.",
        "",
        markdown(scores),
        "",
    ]
    for s in scores:
        weak = sorted((c.f1, f) for f, c in s.per_fact.items() if c.f1 < 0.85)
        if weak:
            lines.append(
                f"Facts below 0.85 in `{s.name}` ({len(weak)} of {len(s.per_fact)}): "
                + ", ".join(f"{f} {v:.2f}" for v, f in weak)
            )
            lines.append("")
    markdown_section(path, "\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
