"""Read policy folders (policies/<program>/<policy>/) into validated models."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from priorauth.policy.schema import Cases, Criteria, Manifest, ValueSets

try:  # libyaml's loader is several times faster; fall back to the pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class PolicyFileError(ValueError):
    """A policy file that cannot be read or does not match the format: names the file and the field."""


@dataclass(slots=True)
class PolicyFiles:
    folder: Path
    manifest: Manifest
    criteria: Criteria
    valuesets: ValueSets
    cases: Cases | None
    raw_criteria: list[dict[str, Any]] = field(default_factory=list)  # for the plain baseline

    @property
    def id(self) -> str:
        return self.manifest.id


def policy_root() -> Path:
    """The policies folder: $PRIORAUTH_POLICIES, the checkout's policies/, or the installed copy."""
    env = os.environ.get("PRIORAUTH_POLICIES")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    checkout = here.parents[3] / "policies"
    if checkout.is_dir():
        return checkout
    return here.parents[1] / "_policies"


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as err:
        raise PolicyFileError(f"{path}: not valid YAML: {err}") from None


M = TypeVar("M", bound=BaseModel)


def describe_errors(path: Path, err: ValidationError) -> PolicyFileError:
    """A policy-file error naming the file and the first few offending fields."""
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()[:5]
    )
    return PolicyFileError(f"{path}: {problems}")


def _model(model: type[M], path: Path, default: Any = None) -> M:
    if not path.exists():
        if default is not None:
            return model.model_validate(default)
        raise PolicyFileError(f"{path}: missing")
    try:
        return model.model_validate(read_yaml(path))
    except ValidationError as err:
        raise describe_errors(path, err) from None


def load_policy(folder: Path) -> PolicyFiles:
    manifest = _model(Manifest, folder / "manifest.yaml")
    criteria_path = folder / "criteria.yaml"
    criteria = _model(Criteria, criteria_path)
    raw = read_yaml(criteria_path)["criteria"]
    valuesets = _model(ValueSets, folder / "valuesets.yaml", default={"valuesets": {}})
    cases = _model(Cases, folder / "cases.yaml") if (folder / "cases.yaml").exists() else None
    return PolicyFiles(folder, manifest, criteria, valuesets, cases, raw)


def policy_folders(root: Path) -> list[Path]:
    return sorted(p.parent for p in root.glob("*/*/manifest.yaml"))


def load_all(root: Path) -> list[PolicyFiles]:
    return [load_policy(folder) for folder in policy_folders(root)]
