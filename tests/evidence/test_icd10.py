"""Our ICD-10-CM lookups give simple-icd-10-cm's answers, from the cache file or without it."""

from __future__ import annotations

from pathlib import Path

import pytest
import simple_icd_10_cm as icd

from priorauth.evidence import icd10


def _theirs_normalise(code: str) -> str | None:
    text = code.strip().upper()
    if not text or not icd.is_valid_item(text):
        return None
    if "-" in text:
        return text
    return str(icd.add_dot(text))


def _theirs_within(code: str, listed: str) -> bool:
    if "-" in listed:
        first, last = listed.split("-", 1)
        return first <= code[:3] <= last
    return code == listed or bool(icd.is_descendant(code, listed))


def test_every_item_is_valid_and_dotted_as_simple_icd_does() -> None:
    names = list(dict.fromkeys(icd.get_all_codes(True)))
    assert set(icd10.ancestors()) == set(names)
    samples = [*names[::97], "M54.2", "m542", " M5412 ", "G56.0", "C7A", "C00-C14", "1", "22"]
    # dotted forms come from a list scan in simple-icd-10-cm: a sample of them, every validity check
    for name in samples:
        for form in (name, name.replace(".", ""), name.lower()):
            assert icd10.normalise_icd10(form) == _theirs_normalise(form), form
    for name in names:
        undotted = name.replace(".", "")
        assert icd10._is_valid_item(undotted) == icd.is_valid_item(undotted), name
    for bad in ["", "X", "M54.", "M5X", "ZZZ", "M54.99999", "A00-A0"]:
        assert icd10.normalise_icd10(bad) == _theirs_normalise(bad) is None


def test_hierarchy_as_simple_icd_has_it() -> None:
    names = list(dict.fromkeys(icd.get_all_codes(True)))
    listed = [*[n for n in names if len(n) <= 5 and "-" not in n][::7], "C00-C96", "G50-G59"]
    codes = [*names[::211], "C50.911", "C7A.00", "M54.12", "G56.01", "S12.000A"]
    for code in codes:
        for item in listed:
            assert icd10.is_within(code, item) == _theirs_within(code, item), (code, item)
    with pytest.raises(ValueError, match="does not exist"):
        icd10.is_within("M54.12", "M99.999")


def test_the_cache_file_is_written_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIORAUTH_CACHE_DIR", str(tmp_path))
    icd10.ancestors.cache_clear()
    try:
        built = icd10.ancestors()
        assert icd10.cache_file().is_file()
        icd10.ancestors.cache_clear()
        assert icd10.ancestors() == built
    finally:
        icd10.ancestors.cache_clear()
