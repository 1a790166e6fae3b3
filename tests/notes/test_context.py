"""Our ConText graph steps give exactly medspaCy's modifiers, scopes and edges."""

from __future__ import annotations

import warnings

from medspacy.context import ConText
from spacy.tokens import Doc

from priorauth.notes.pipeline import build
from priorauth.notes.regex_targets import SPAN_GROUP
from priorauth.notes.scope import load_rules
from priorauth.policy.facts import load_catalog
from priorauth.policy.loader import policy_root
from tests.notes.test_regex_targets import corpus_texts


def _graph(doc: Doc) -> tuple[list[tuple[int, int, str, int, int]], list[tuple[object, ...]]]:
    graph = doc._.context_graph
    modifiers = [
        (m._start, m._end, m.category, m._scope_start, m._scope_end) for m in graph.modifiers
    ]
    edges = [(t.start, t.end, t.label_, m._start, m.category) for t, m in graph.edges]
    return modifiers, edges


def test_same_graph_as_medspacy_context() -> None:
    root = policy_root()
    nlp = build(load_catalog(root / "facts"), root / "notes")
    theirs = ConText(
        nlp, rules=None, input_span_type="group", span_group_name=SPAN_GROUP, span_attrs=None
    )
    theirs.add(load_rules(root / "notes" / "context_rules.json"))  # with the scope callbacks
    before = [proc for name, proc in nlp.pipeline if name != "priorauth_context"]
    ours = nlp.get_pipe("priorauth_context")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in corpus_texts():
            docs = []
            for context in (ours, theirs):
                doc = nlp.make_doc(text)
                doc.user_data["text"] = text
                for proc in before:
                    doc = proc(doc)
                docs.append(context(doc))
            assert _graph(docs[0]) == _graph(docs[1]), text[:80]
            for a, b in zip(docs[0].spans[SPAN_GROUP], docs[1].spans[SPAN_GROUP], strict=True):
                assert [m.category for m in a._.modifiers] == [m.category for m in b._.modifiers]


def test_a_first_token_set_is_expanded_into_plain_values() -> None:
    from priorauth.notes.context import expand_first_set

    pattern = [{"LOWER": {"IN": ["neg", "negative", "neg"]}}, {"LOWER": "for"}]
    assert expand_first_set(pattern) == [
        [{"LOWER": "neg"}, {"LOWER": "for"}],
        [{"LOWER": "negative"}, {"LOWER": "for"}],
    ]
    assert expand_first_set([{"LOWER": {"IN": ["a"]}, "OP": "?"}]) is None
    assert expand_first_set([{"LIKE_NUM": True}]) is None
    assert expand_first_set([{"LOWER": {"REGEX": "^x"}}]) is None
