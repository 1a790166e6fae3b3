"""Tokenizer rules for text exported with commas for line breaks.

Transcriptions exported from spreadsheets (MTSamples among them) glue a header to the end of the line before
it: "ambulation.,FINDINGS: , On examination". Split such a comma (and a full stop before it) off the
words on both sides, so that the header is its own tokens for the Sectionizer and the full stop ends the
sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex

_GLUED_INFIXES = (r"(?<=[\w.)]),(?=[A-Za-z])", r"(?<=\w)\.(?=,[A-Za-z])")
_GLUED_PREFIXES = (r",(?=[A-Za-z])",)


def split_glued_commas(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    infixes = [*nlp.Defaults.infixes, *_GLUED_INFIXES]  # type: ignore[misc]
    prefixes = [*nlp.Defaults.prefixes, *_GLUED_PREFIXES]  # type: ignore[misc]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search  # type: ignore[union-attr]


def note_tokenizer(nlp: Language) -> Tokenizer:
    """`nlp`'s tokenizer with the glued commas split and no URL matcher (notes hold no URLs worth a
    token; dropping it saves a sixth of tokenizing), made at once: setting each of these on a tokenizer
    reloads its ~1,300 exceptions, which was a sixth of start-up."""
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    infixes = [*nlp.Defaults.infixes, *_GLUED_INFIXES]  # type: ignore[misc]
    prefixes = [*nlp.Defaults.prefixes, *_GLUED_PREFIXES]  # type: ignore[misc]
    return Tokenizer(
        nlp.vocab,
        rules=tokenizer.rules,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=tokenizer.token_match,
        url_match=None,
        faster_heuristics=tokenizer.faster_heuristics,
    )
