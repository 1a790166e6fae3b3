"""`priorauth policy lint`: prove that every policy folder is well-formed and faithful to its source.

Checks: schema; source file present with the recorded sha256; every quoted text (criteria, applies_when,
not_encoded, age bands, service descriptions) appears in the source; every fact a criterion reads exists
in the catalog and the predicate fits its type; ids unique; anchors present on every indication;
no unreachable or misplaced nodes; value sets used and their codes valid; golden cases well-formed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from priorauth.evidence.icd10 import normalise_icd10
from priorauth.model.request import SERVICE_CODE, InvalidRequest, parse_request
from priorauth.policy.facts import CONDITION_VALUES, Catalog, Fact, FactType, load_catalog
from priorauth.policy.loader import PolicyFileError, PolicyFiles, load_policy, policy_folders
from priorauth.policy.quotes import SourceText
from priorauth.policy.schema import Kind, Node


@dataclass(frozen=True, slots=True)
class Problem:
    where: str  # policy id or folder, then file / node
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def lint_root(root: Path) -> list[Problem]:
    try:
        catalog = load_catalog(root / "facts")
    except (ValueError, OSError) as err:
        return [Problem("facts", str(err))]
    problems = list(_lint_catalog(catalog))
    problems += _lint_note_rules(root, catalog)
    for folder in policy_folders(root):
        problems += lint_folder(folder, catalog)
    return problems


def lint_folder(folder: Path, catalog: Catalog) -> list[Problem]:
    try:
        files = load_policy(folder)
    except PolicyFileError as err:
        return [Problem(folder.name, str(err))]
    return list(_lint_policy(files, catalog))


def _lint_catalog(catalog: Catalog) -> Iterator[Problem]:
    for fact in catalog.values():
        for code in fact.icd10:
            if normalise_icd10(code) is None:
                yield Problem(
                    f"facts/{fact.id}", f"icd10 {code!r} is not an ICD-10-CM code or block"
                )
        yield from _lint_note_reading(fact, catalog)


def _lint_note_rules(root: Path, catalog: Catalog) -> list[Problem]:
    """The note reader's pipeline builds from the catalog's phrases and the rule files in notes/."""
    if not (root / "notes").is_dir():
        return []
    from priorauth.notes.pipeline import build  # spaCy loads only here

    try:
        build(catalog, root / "notes")
    except (ValueError, OSError, KeyError) as err:
        return [Problem("notes", f"the note reader cannot be built: {err}")]
    return []


def _lint_note_reading(fact: Fact, catalog: Catalog) -> Iterator[Problem]:
    """The `note:` block fits the fact's type (docs/note-reading.md)."""
    reading = fact.note
    if reading is None:
        return
    w = f"facts/{fact.id}/note"
    if fact.derived is not None:
        yield Problem(w, "a derived fact is computed from the request, not read from notes")
    timed = fact.type in (FactType.duration, FactType.date)
    if reading.of and not timed:
        yield Problem(w, "`of` gives a duration or date fact its time; this fact is a " + fact.type)
    for source in reading.of:
        if source not in catalog:
            yield Problem(w, f"of: {source!r} is not in the fact catalog")
    for source in reading.includes:
        other = catalog.get(source)
        if other is None:
            yield Problem(w, f"includes: {source!r} is not in the fact catalog")
        elif other.type is not fact.type:
            yield Problem(w, f"includes: {source!r} is a {other.type}, this fact a {fact.type}")
    from priorauth.notes.region import REGIONS

    for region in reading.regions:
        if region not in REGIONS:
            yield Problem(w, f"regions: {region!r} is not one of {', '.join(REGIONS)}")
    if reading.values and fact.type is not FactType.enum:
        yield Problem(w, "`values` is for enum facts")
    for value in reading.values:
        if value not in (fact.values or []):
            yield Problem(w, f"values: {value!r} is not one of {fact.values}")
    if reading.dated and fact.type is not FactType.boolean:
        yield Problem(w, "`dated` phrases decide a boolean fact")
    if reading.measure and fact.type not in (FactType.boolean, FactType.number):
        yield Problem(w, "`measure` decides a boolean fact or gives a number fact its value")
    if fact.type is FactType.number and (reading.phrases or reading.absent) and not reading.measure:
        yield Problem(w, "a number fact needs `measure` to read its value")
    phrases = [
        *reading.phrases,
        *reading.absent,
        *(p for measure in reading.measure for p in measure.phrases),
        *reading.dated,
    ]
    phrases += [p for group in reading.values.values() for p in group]
    seen: set[str] = set()
    for phrase in phrases:
        if not phrase.strip():
            yield Problem(w, "an empty phrase")
        elif phrase in seen:
            yield Problem(w, f"phrase {phrase!r} is listed twice")
        seen.add(phrase)
        if len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/"):
            try:
                re.compile(phrase[1:-1], re.I)
            except re.error as err:
                yield Problem(w, f"phrase {phrase!r} is not a valid regular expression: {err}")


def _walk(node: Node, depth: int = 0) -> Iterator[tuple[Node, int]]:
    yield node, depth
    for child in node.children:
        yield from _walk(child, depth + 1)
    if node.applies_when is not None:
        yield from _walk(node.applies_when, depth + 1)


def _lint_policy(files: PolicyFiles, catalog: Catalog) -> Iterator[Problem]:
    m = files.manifest
    pid = m.id
    if files.folder.name != pid:
        yield Problem(pid, f"folder name {files.folder.name!r} differs from the manifest id")
    if files.folder.parent.name != m.program:
        yield Problem(
            pid,
            f"folder is under {files.folder.parent.name!r}, manifest says program {m.program!r}",
        )
    source_path = files.folder / m.source.file
    if not source_path.is_file():
        yield Problem(pid, f"source document {m.source.file} is missing")
        return
    data = source_path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != m.source.sha256:
        yield Problem(pid, f"source sha256 is {digest}, the manifest records {m.source.sha256}")
    if source_path.name != m.source.original_name:
        yield Problem(
            pid,
            f"source file is named {source_path.name}, original_name says {m.source.original_name}",
        )
    source = SourceText(data.decode("utf-8"))

    for svc in m.services:
        if not SERVICE_CODE.match(svc.code):
            yield Problem(pid, f"service code {svc.code!r} is not CPT/HCPCS shaped")
        if svc.code not in source.normal:
            yield Problem(pid, f"service code {svc.code} does not appear in the source document")
        if not source.contains(svc.description):
            yield Problem(
                pid,
                f"service {svc.code}: description is not in the source: {svc.description[:70]!r}",
            )
    for band in m.age_bands:
        if band.text and not source.contains(band.text):
            yield Problem(
                pid, f"age band {band.name}: text is not in the source: {band.text[:70]!r}"
            )
    for item in m.not_encoded:
        if item.text and not source.contains(item.text):
            yield Problem(
                pid, f"not_encoded {item.item!r}: text is not in the source: {item.text[:70]!r}"
            )

    sets = files.valuesets.valuesets
    used = set(m.applicability.conditions) | set(m.applicability.combination)
    for name in used - sets.keys():
        yield Problem(
            pid, f"manifest refers to value set {name!r}, which valuesets.yaml does not define"
        )
    for name in sets.keys() - used:
        yield Problem(pid, f"value set {name!r} is never used")
    for name, vs in sets.items():
        for code in vs.codes:
            ok = (
                normalise_icd10(code) is not None
                if vs.system == "ICD-10-CM"
                else SERVICE_CODE.match(code)
            )
            if not ok:
                yield Problem(pid, f"value set {name}: {code!r} is not a valid {vs.system} code")
    if m.applicability.scope == "condition" and not (
        m.applicability.conditions or m.applicability.condition_facts
    ):
        yield Problem(pid, "a condition-scoped policy needs conditions or condition_facts")
    for fact in m.applicability.condition_facts:
        if fact not in catalog:
            yield Problem(pid, f"condition_facts: {fact!r} is not in the fact catalog")

    seen: set[str] = set()
    for top in files.criteria.criteria:
        yield from _lint_top(pid, top, catalog, source, seen)
    yield from _lint_cases(files, catalog)


def _lint_top(
    pid: str, top: Node, catalog: Catalog, source: SourceText, seen: set[str]
) -> Iterator[Problem]:
    where = f"{pid} node {top.id}"
    if top.kind is None:
        yield Problem(where, "a top-level node needs a kind")
    if not top.text:
        yield Problem(where, "a top-level node needs the document's text")
    anchors = 0
    for node, depth in _walk(top):
        w = f"{pid} node {node.id}"
        if node.id in seen:
            yield Problem(w, "id is used more than once")
        seen.add(node.id)
        if depth and node.kind is not None:
            yield Problem(w, "only top-level nodes have a kind")
        if depth and node.applies_when is not None:
            yield Problem(w, "only top-level nodes have applies_when")
        if node.text is not None and not source.contains(node.text):
            yield Problem(w, f"text is not in the source document: {node.text[:90]!r}")
        if node.is_leaf and node.text is None and node.always is None:
            yield Problem(w, "a leaf needs the document's text")
        anchors += node.anchor
        if node.fact is not None:
            yield from _lint_leaf(w, node, catalog)
        yield from _lint_reachability(w, node)
    if top.kind is Kind.indication and anchors == 0:
        yield Problem(
            where, "an indication needs an anchor (mark the node that says what it is about)"
        )
    if top.kind not in (Kind.indication, Kind.contraindication, Kind.non_indication) and anchors:
        yield Problem(where, "anchors belong to indications, contraindications and non-indications")


def _lint_leaf(where: str, node: Node, catalog: Catalog) -> Iterator[Problem]:
    fact = catalog.get(node.fact or "")
    if fact is None:
        yield Problem(where, f"fact {node.fact!r} is not in the fact catalog")
        return
    t = fact.type
    if node.elapsed is not None:
        if t is not FactType.date:
            yield Problem(where, f"elapsed needs a date fact; {fact.id} is {t}")
    elif node.in_ is not None:
        if t not in (FactType.enum, FactType.condition, FactType.code):
            yield Problem(where, f"'in' needs an enum, condition or code fact; {fact.id} is {t}")
        allowed = CONDITION_VALUES if t is FactType.condition else fact.values
        if allowed is not None:
            for value in node.in_:
                if value not in allowed:
                    yield Problem(
                        where, f"{value!r} is not a value of {fact.id} ({', '.join(allowed)})"
                    )
        if not node.in_:
            yield Problem(where, "'in' with no values can never be TRUE")
    elif node.op is not None:
        if t not in (FactType.number, FactType.duration):
            yield Problem(where, f"comparison needs a number or duration fact; {fact.id} is {t}")
        elif isinstance(node.value, bool) or not isinstance(node.value, int | float):
            yield Problem(where, f"compare {fact.id} with a number, not {node.value!r}")
    elif t is not FactType.boolean:
        yield Problem(where, f"{fact.id} is {t}: say which values count (in: [...]) or compare it")


def _lint_reachability(where: str, node: Node) -> Iterator[Problem]:
    kids = node.children
    if (node.any is not None or node.either is not None) and (
        any(k.always is True for k in kids) and len(kids) > 1
    ):
        yield Problem(where, "an always-TRUE child makes its siblings unreachable")
    if node.all is not None and any(k.always is False for k in kids) and len(kids) > 1:
        yield Problem(where, "an always-FALSE child makes its siblings unreachable")
    if node.at_least is not None and node.at_least.n > len(kids):
        yield Problem(
            where, f"at_least {node.at_least.n} of {len(kids)} children can never be TRUE"
        )


def _lint_cases(files: PolicyFiles, catalog: Catalog) -> Iterator[Problem]:
    if files.cases is None or not files.cases.cases:
        yield Problem(files.id, "no golden cases (cases.yaml)")
        return
    from priorauth.policy.cases import case_request

    ids: set[str] = set()
    for case in files.cases.cases:
        w = f"{files.id} case {case.id}"
        if case.id in ids:
            yield Problem(w, "case id is used more than once")
        ids.add(case.id)
        try:
            request = parse_request(case_request(files, case))
        except InvalidRequest as err:
            yield Problem(w, f"request is invalid: {err}")
            continue
        for key in request.answers:
            if key not in catalog:
                yield Problem(w, f"answer {key!r} is not a fact in the catalog")
