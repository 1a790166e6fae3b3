"""The corpus scorer counts true and false positives, misses, spans and traps the way the docs say."""

from __future__ import annotations

from pathlib import Path

import pytest

from priorauth.notes.evaluate import CorpusError, evaluate, load_corpus, main
from priorauth.notes.reader import NoteReader
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root

FIXTURE = Path(__file__).parents[1] / "fixtures" / "notes"

CORPUS = """
notes:
  - id: t-1
    kind: one_liner
    date: 2025-11-03
    text: "Neck pain x 3 months, denies fever. If not better will order an EMG."
    expect:
      - {fact: neck_pain, value: true, quote: "Neck pain"}
      - {fact: symptoms.duration_weeks, value: 12, quote: "Neck pain x 3 months"}
      - {fact: fever, value: false, quote: "fever", assertion: negated}
      - {fact: conservative_care.physical_therapy, value: true, quote: "Neck pain"}
    traps:
      - {fact: emg_ncv.done, quote: "will order an EMG", assertion: hypothetical}
"""


@pytest.fixture(scope="module")
def reader() -> NoteReader:
    return NoteReader(load_catalog(FIXTURE), policy_root() / "notes")


def test_counts(reader: NoteReader, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(CORPUS)
    score = evaluate(reader, [path], "t")
    # neck pain, duration 13 (within one week of 12), fever: right; physical therapy: missed.
    assert (score.overall.tp, score.overall.fp, score.overall.fn) == (3, 0, 1)
    assert score.per_fact["conservative_care.physical_therapy"].fn == 1
    assert score.spans_right == 3
    assert (score.traps, score.trap_violations) == (1, 0)
    assert score.overall.f1 == pytest.approx(2 * 1.0 * 0.75 / 1.75)


def test_a_quote_not_in_the_text_is_refused(reader: NoteReader, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(CORPUS.replace('quote: "Neck pain"}', 'quote: "neck ache"}', 1))
    with pytest.raises(CorpusError, match=r"t-1.*neck ache"):
        load_corpus(path, reader.catalog)


def test_an_unknown_fact_is_refused(reader: NoteReader, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(CORPUS.replace("fact: fever", "fact: fevr"))
    with pytest.raises(CorpusError, match="fevr"):
        load_corpus(path, reader.catalog)


def test_the_shipped_corpus_loads_and_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                str(Path(__file__).parents[2] / "corpus" / "dev" / "heldout-2026-11.yaml"),
                "--markdown",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "| set | notes |" in out


def test_several_sets_are_also_scored_together(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = Path(__file__).parents[2] / "corpus"
    one = corpus / "dev" / "heldout-2026-11.yaml"
    assert main([str(one), str(corpus / "mtsamples")]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if " notes, " in x]
    counts = [int(x.split(": ")[1].split(" notes")[0]) for x in lines]
    assert [x.split(":")[0] for x in lines][-1] == "all sets"
    assert counts[-1] == counts[0] + counts[1]
