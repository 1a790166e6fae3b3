"""The `priorauth` command as a user runs it: exit statuses, stdout JSON, stderr messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURE_POLICIES

REQUEST: dict[str, Any] = {
    "payer": "healthhelp",
    "request_date": "2025-11-03",
    "patient": {"birth_date": "1970-01-01", "sex": "female"},
    "services": [{"code": "73721"}],
    "diagnoses": ["M25.561"],
    "answers": {"knee_locking": True, "clinical_evaluation.done": True},
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "priorauth", *args, "--policies", str(FIXTURE_POLICIES)],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def write(tmp_path: Path, name: str, body: Any) -> str:
    path = tmp_path / name
    path.write_text(body if isinstance(body, str) else json.dumps(body))
    return str(path)


def test_decide_prints_the_decision_json(tmp_path: Path) -> None:
    p = run("decide", write(tmp_path, "r.json", REQUEST))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["decisions"][0]["outcome"] == "approved"


def test_decide_reads_standard_input() -> None:
    p = run("decide", "-", stdin=json.dumps(REQUEST))
    assert json.loads(p.stdout)["decisions"][0]["outcome"] == "approved"


def test_several_files_give_one_json_line_each(tmp_path: Path) -> None:
    a = write(tmp_path, "a.json", REQUEST)
    b = write(tmp_path, "b.json", {**REQUEST, "answers": {}})
    p = run("decide", a, b)
    lines = p.stdout.splitlines()
    assert [json.loads(line)["decisions"][0]["outcome"] for line in lines] == ["approved", "pended"]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("{not json", "malformed JSON"),
        ({**REQUEST, "diagnoses": ["M54.599"]}, "M54.599"),
        ({**REQUEST, "payer": "aetna"}, "aetna"),
        ({**REQUEST, "services": [{"code": "7372"}]}, "7372"),
        ({**REQUEST, "request_date": "03/11/2025"}, "request_date"),
        ({k: v for k, v in REQUEST.items() if k != "patient"}, "patient: is required"),
        ({**REQUEST, "answers": {"knee_locking": "perhaps"}}, "answers.knee_locking"),
    ],
)
def test_bad_input_exits_2_with_a_message_naming_it(tmp_path: Path, body: Any, named: str) -> None:
    p = run("decide", write(tmp_path, "bad.json", body))
    assert p.returncode == 2
    assert named in p.stderr
    assert "Traceback" not in p.stderr
    assert p.stdout == ""


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    p = run("decide", str(tmp_path / "nope.json"))
    assert p.returncode == 2 and "cannot read" in p.stderr


def test_one_bad_file_among_several_does_not_lose_the_others(tmp_path: Path) -> None:
    good = write(tmp_path, "good.json", REQUEST)
    bad = write(tmp_path, "bad.json", "{")
    p = run("decide", bad, good)
    assert p.returncode == 2
    assert len(p.stdout.splitlines()) == 1 and "bad.json" in p.stderr


def test_policy_list_show_lint_and_test() -> None:
    assert "fixture-knee-mri" in run("policy", "list").stdout
    shown = run("policy", "show", "fixture-knee-mri").stdout
    assert "Knee pain" in shown and "anchor" in shown and "ONC-1" in shown
    assert run("policy", "lint").returncode == 0
    tested = run("policy", "test", "--coverage")
    assert "cases pass" in tested.stdout and "never" in tested.stdout


def test_show_an_unknown_policy_names_the_loaded_ones() -> None:
    p = run("policy", "show", "nope")
    assert p.returncode == 2 and "fixture-knee-mri" in p.stderr
