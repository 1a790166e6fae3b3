"""The validator accepts the shipped policies and rejects each kind of fault in a broken copy."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from priorauth.policy.loader import policy_root
from priorauth.policy.validator import lint_root
from tests.conftest import FIXTURE_POLICIES

FOLDER = Path("healthhelp/fixture-knee-mri")


def test_shipped_policies_are_valid() -> None:
    assert [str(p) for p in lint_root(policy_root())] == []


def test_the_fixture_policy_is_valid() -> None:
    assert lint_root(FIXTURE_POLICIES) == []


def edit_yaml(name: str, change: Callable[[dict], None]) -> Callable[[Path], None]:  # type: ignore[type-arg]
    def apply(folder: Path) -> None:
        path = folder / name
        data = yaml.safe_load(path.read_text())
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False))

    return apply


def criterion(data: dict, node_id: str) -> dict:  # type: ignore[type-arg]
    def find(nodes: list[dict]) -> dict | None:  # type: ignore[type-arg]
        for n in nodes:
            if n["id"] == node_id:
                return n
            for key in ("any", "all", "either"):
                found = find(n.get(key, []))
                if found:
                    return found
            if "at_least" in n:
                found = find(n["at_least"]["of"])
                if found:
                    return found
            if "not" in n:
                found = find([n["not"]])
                if found:
                    return found
        return None

    node = find(data["criteria"])
    assert node is not None
    return node


FAULTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "paraphrased quote": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "1.b").update(text="The knee locks.")),
        "1.b: text is not in the source document",
    ),
    "edited source document": (
        lambda f: (f / "source/knee.txt").write_text((f / "source/knee.txt").read_text() + "x"),
        "source sha256 is",
    ),
    "unknown fact": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "1.b").update(fact="knee_clicking")),
        "fact 'knee_clicking' is not in the fact catalog",
    ),
    "duplicate id": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "1.b").update(id="1.a")),
        "1.a: id is used more than once",
    ),
    "indication without anchor": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "2").pop("anchor")),
        "node 2: an indication needs an anchor",
    ),
    "predicate that does not fit the fact type": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "1.b").update(op=">=", value=6)),
        "comparison needs a number or duration fact",
    ),
    "condition read without saying which values": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "2").pop("in")),
        "infection is condition: say which values count",
    ),
    "value outside an enum": (
        edit_yaml(
            "criteria.yaml", lambda d: criterion(d, "notice.ca").update({"in": ["California"]})
        ),
        "'California' is not a value of plan.state",
    ),
    "unreachable sibling": (
        edit_yaml(
            "criteria.yaml",
            lambda d: criterion(d, "1.any")["any"].append({"id": "1.c", "always": True}),
        ),
        "an always-TRUE child makes its siblings unreachable",
    ),
    "impossible at_least": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "4")["at_least"].update(n=4)),
        "at_least 4 of 3 children can never be TRUE",
    ),
    "kind on a nested node": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "1.b").update(kind="indication")),
        "only top-level nodes have a kind",
    ),
    "unknown key": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "1.b").update(weight=2)),
        "Extra inputs are not permitted",
    ),
    "two logic forms on one node": (
        edit_yaml("criteria.yaml", lambda d: criterion(d, "1.b").update(all=[])),
        "must have exactly one of",
    ),
    "unused value set": (
        edit_yaml(
            "valuesets.yaml",
            lambda d: d["valuesets"].update(
                spare={"system": "CPT", "description": "x", "codes": ["73701"]}
            ),
        ),
        "value set 'spare' is never used",
    ),
    "invalid ICD-10-CM code in a fact": (
        lambda f: (f.parents[1] / "facts/knee.yaml").write_text(
            (f.parents[1] / "facts/knee.yaml").read_text().replace("M25.56]", "M25.599]")
        ),
        "icd10 'M25.599' is not an ICD-10-CM code",
    ),
    "service description not in the source": (
        edit_yaml(
            "manifest.yaml", lambda d: d["services"][0].update(description="MRI of the knee")
        ),
        "service 73721: description is not in the source",
    ),
    "golden case with an invalid request": (
        edit_yaml("cases.yaml", lambda d: d["cases"][0]["request"].update(diagnoses=["M54.599"])),
        "'M54.599' is not an ICD-10-CM code",
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_the_validator_rejects(fault: str, tmp_path: Path) -> None:
    root = tmp_path / "policies"
    shutil.copytree(FIXTURE_POLICIES, root)
    breaks, message = FAULTS[fault]
    breaks(root / FOLDER)
    problems = [str(p) for p in lint_root(root)]
    assert any(message in p for p in problems), problems
