"""Tokenizer rules for text exported with commas for line breaks.

Transcriptions exported from spreadsheets (MTSamples among them) glue a header to the end of the line before
it: "ambulation.,FINDINGS: , On examination". Split such a comma (and a full stop before it) off the
words on both sides, so that the header is its own tokens for the Sectionizer and the full stop ends the
sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex

_GLUED_INFIXES = (r"(?<=[\w.)]),(?=[A-Za-z])", r"(?<=\w)\.(?=,[A-Za-z])")
_GLUED_PREFIXES = (r",(?=[A-Za-z])",)


def split_glued_commas(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    infixes = [*nlp.Defaults.infixes, *_GLUED_INFIXES]  # type: ignore[misc]
    prefixes = [*nlp.Defaults.prefixes, *_GLUED_PREFIXES]  # type: ignore[misc]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search  # type: ignore[union-attr]
