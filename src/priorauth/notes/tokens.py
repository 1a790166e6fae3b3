"""Tokenizer rules for text exported with commas for line breaks.

Transcriptions exported from spreadsheets (MTSamples among them) glue a header to the end of the line before
it: "ambulation.,FINDINGS: , On examination". Split such a comma (and a full stop before it) off the
words on both sides, so that the header is its own tokens for the Sectionizer and the full stop ends the
sentence.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

_GLUED_INFIXES = (r"(?<=[\w.)]),(?=[A-Za-z])", r"(?<=\w)\.(?=,[A-Za-z])")
_GLUED_PREFIXES = (r",(?=[A-Za-z])",)


def split_glued_commas(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    infixes = [*nlp.Defaults.infixes, *_GLUED_INFIXES]  # type: ignore[misc]
    prefixes = [*nlp.Defaults.prefixes, *_GLUED_PREFIXES]  # type: ignore[misc]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search  # type: ignore[union-attr]


def note_tokenizer(nlp: Language) -> Tokenizer:
    """spaCy's tokenizer for `nlp`'s language (spacy.Tokenizer.v1) with the glued commas split and no URL
    matcher (notes hold no URLs worth a token; dropping it saves a sixth of tokenizing), made at once:
    setting each of these on a tokenizer reloads its ~1,300 exceptions, which was a sixth of start-up."""
    defaults = nlp.Defaults
    infixes = [*defaults.infixes, *_GLUED_INFIXES]  # type: ignore[misc]
    prefixes = [*defaults.prefixes, *_GLUED_PREFIXES]  # type: ignore[misc]
    return Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,  # type: ignore[arg-type]
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=defaults.token_match,
        url_match=None,
    )


@registry.tokenizers("priorauth.NoteTokenizer.v1")  # type: ignore[untyped-decorator]
def _note_tokenizer() -> Callable[[Language], Tokenizer]:
    return note_tokenizer


def blank_english() -> Language:
    """`spacy.blank("en")` with the note tokenizer, made once (not the default one, then this one)."""
    return spacy.blank(
        "en", config={"nlp": {"tokenizer": {"@tokenizers": "priorauth.NoteTokenizer.v1"}}}
    )


def token_texts(doc: Doc) -> list[str]:
    """Each token's text, from the note text (`doc.user_data["text"]`, else `doc.text`), made once per
    note for the components that compare words without Token objects (a Token is made per access)."""
    cached: list[str] | None = doc.user_data.get("token_texts")
    if cached is None:
        text: str = doc.user_data.get("text") or doc.text
        flat = doc.to_array([IDX, LENGTH]).ravel().tolist()  # a flat list: a 2-D tolist() is slow
        cached = [text[i : i + n] for i, n in zip(flat[0::2], flat[1::2], strict=True)]
        doc.user_data["token_texts"] = cached
    return cached
