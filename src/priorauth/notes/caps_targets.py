"""The catalog's ALL CAPS phrases (`PT`, `EMG`, `HEP`) as a pipeline component (docs/note-reading.md).

They match whole tokens exactly as written. medspaCy's TargetMatcher takes such rules as token patterns
(`[{"ORTH": "EMG"}]`) and runs them through spaCy's token Matcher, which tries every pattern at every
token: with ~220 of them that was nine tenths of the target matching time. A PhraseMatcher on ORTH finds
the same token sequences through one hash lookup per token. Runs just before the TargetMatcher, so that
its spans come first in the target group, where the TargetMatcher put its token-pattern matches.
"""

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from priorauth.notes.regex_targets import SPAN_GROUP


class CapsTargets:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.order: dict[int, int] = {}  # label → the order its first phrase was added in

    def add(self, phrases: list[tuple[str, str]]) -> None:
        """(phrase, target label) pairs; the phrase is matched token by token, exactly as written."""
        for phrase, label in phrases:
            key = self.nlp.vocab.strings.add(label)
            self.order.setdefault(key, len(self.order))
            self.matcher.add(label, [self.nlp.make_doc(phrase)])

    def __call__(self, doc: Doc) -> Doc:
        matches = sorted(self.matcher(doc), key=lambda m: (m[1], m[2], self.order[m[0]]))
        spans = [Span(doc, start, end, label=key) for key, start, end in matches]
        if spans:
            doc.spans[SPAN_GROUP] = [*doc.spans.get(SPAN_GROUP, []), *spans]
        return doc


# No `from __future__ import annotations` in this module: spaCy's registry reads these annotations.
@Language.factory("priorauth_caps_targets")
def _caps_targets(nlp: Language, name: str) -> CapsTargets:
    return CapsTargets(nlp)
