"""Filling spaCy's tokenizer cache chunk by chunk changes no token."""

from __future__ import annotations

import spacy

from priorauth.notes.pipeline import ChunkTokenizer
from tests.notes.test_regex_targets import corpus_texts


def _tokens(doc: spacy.tokens.Doc) -> list[tuple[str, str, int, str, bool]]:
    return [(t.text, t.whitespace_, t.idx, t.lower_, t.like_num) for t in doc]


def test_same_tokens_as_a_fresh_tokenizer() -> None:
    fresh = spacy.blank("en")
    warmed = spacy.blank("en")
    make_doc = ChunkTokenizer(warmed)
    texts = [
        *corpus_texts(),
        "Dr. Smith's pt c/o pain x 3 wks; a.m. :) e.g. 101.3F, 5/5. (MRI) n't",
    ]
    for _ in range(2):  # the second time every chunk comes from the cache
        for text in texts:
            assert _tokens(make_doc(text)) == _tokens(fresh.make_doc(text)), text[:80]


def test_the_cache_stops_growing_at_its_limit() -> None:
    make_doc = ChunkTokenizer(spacy.blank("en"), limit=3)
    make_doc("one two three four five")
    make_doc("six seven")
    assert len(make_doc.seen) == 5  # filled while under the limit, then left alone


def test_the_note_tokenizer_is_the_default_one_set_up_step_by_step() -> None:
    from priorauth.notes.tokens import note_tokenizer, split_glued_commas

    stepwise = spacy.blank("en")
    stepwise.tokenizer.url_match = None  # type: ignore[union-attr]
    split_glued_commas(stepwise)
    at_once = spacy.blank("en")
    at_once.tokenizer = note_tokenizer(at_once)
    texts = [
        *corpus_texts(),
        "www.example.com/x?y=1, http://a.b Dr. Smith's a.m. :) ambulation.,FINDINGS: , On exam",
    ]
    for text in texts:
        assert _tokens(at_once.make_doc(text)) == _tokens(stepwise.make_doc(text)), text[:80]
