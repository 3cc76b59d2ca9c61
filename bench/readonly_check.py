"""How long the read-only checker takes: realistic queries and adversarial inputs up to the 64 KB cap.

    python -m bench.readonly_check [--repeat 15]

Prints, per family of inputs, the size range and p50 / p99 / max of `check_read_only` (accepted or
refused, both count), the p99 over every input, and how time grows with size for the dense families
(linear: time per KB stays flat). Target (issue 15): any input <= 64 KB checked in < 50 ms, p99.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from cypher.readonly import MAX_DEPTH, MAX_NESTING, MAX_QUERY_BYTES, MAX_TOKENS, UnsafeQuery, check_read_only

CYPHER = Path(__file__).resolve().parents[1] / "cypher"
LIMIT = MAX_QUERY_BYTES - 64


def _fill(unit: str, head: str = "RETURN ", tail: str = " AS x", limit: int = LIMIT) -> str:
    return head + unit * ((limit - len(head.encode()) - len(tail.encode())) // len(unit.encode())) + tail


def _joined(parts: Callable[[int], str], sep: str, head: str, tail: str, limit: int = LIMIT) -> str:
    out, size, i = [], len(head) + len(tail), 0
    while True:
        piece = parts(i)
        if size + len(piece.encode()) + len(sep) > limit:
            return head + sep.join(out) + tail
        out.append(piece)
        size += len(piece.encode()) + len(sep)
        i += 1


def realistic() -> Iterator[tuple[str, str]]:
    from tests.cypher.cypher_corpus import valid_reads, write_attempts
    from tests.cypher.test_readonly import BEYOND_THE_RULES, LEGIT_READS, WRITE_ATTEMPTS

    for path in sorted(CYPHER.rglob("*.cypher")):
        yield "shipped .cypher files", path.read_text(encoding="utf-8")
    for case in LEGIT_READS + WRITE_ATTEMPTS + BEYOND_THE_RULES:
        yield "hand-written corpora", case.query
    for text, _ in valid_reads(1200, seed=15):
        yield "generated reads", text
    for text, _, _ in write_attempts()[::5]:
        yield "generated writes", text


def dense(limit: int = LIMIT) -> Iterator[tuple[str, str]]:
    """Inputs as dense in tokens as text can be, up to `limit` bytes (past the token cap: refused)."""
    yield "1+1+1...", _fill("1+", tail="1 AS x", limit=limit)
    yield "a,a,a list", _fill("a,", head="RETURN [", tail="a] AS x", limit=limit)
    yield "n.a.a.a...", _fill(".a", head="MATCH (n) RETURN n", limit=limit)
    yield "x AND x AND ...", _fill("x AND ", head="MATCH (x) WHERE ", tail="x RETURN x", limit=limit)
    yield "comments /**/", _fill("/**/", head="RETURN 1 AS x ", tail="", limit=limit)
    yield "line comments //", _fill("//\n", head="RETURN 1 AS x\n", tail="", limit=limit)
    yield "patterns (a)-->(b),", _joined(lambda i: f"(a{i})-[:R*1..2]->(b{i})", ",", "MATCH ", " RETURN 1 AS x", limit)
    yield "CASE WHEN ... (x 2,000)", _joined(lambda i: f"WHEN n = {i} THEN {i}", " ", "RETURN CASE ", " END AS x", limit)
    yield "map literal", _joined(lambda i: f"k{i}: {i}", ",", "RETURN {", "} AS m", limit)
    yield "backslash strings", _joined(lambda i: r"'a\'b'", "+", "RETURN ", " AS x", limit)


def adversarial() -> Iterator[tuple[str, str]]:
    yield from dense()
    yield "nesting at the cap", "RETURN " + "(" * MAX_NESTING + "1" + ")" * MAX_NESTING + " AS x"
    yield "nesting past the cap (64 KB)", _fill("[", tail="") + "]" * 10
    yield "NOT chain past the depth cap", _fill("NOT ", tail="true AS x")
    yield "minus chain", _fill("-", tail="1 AS x")
    yield f"NOT x {MAX_DEPTH - 2} deep", "RETURN " + "NOT " * (MAX_DEPTH - 2) + "true AS x"
    yield "nested subqueries", "MATCH (n) WHERE " + "EXISTS { MATCH (n)--(m) WHERE " * 40 + "true" + " }" * 40 + " RETURN n"
    yield "one 64 KB string", _fill("x", head="RETURN '", tail="' AS s")
    yield "unterminated 64 KB string", _fill("x", head="RETURN '", tail="")
    yield "64 KB of spaces", _fill(" ", head="RETURN 1", tail=" AS x")
    yield "64 KB of CJK names", _joined(lambda i: "名称" * 8 + str(i), ",", "RETURN [", "] AS x")
    yield "64 KB comment", _fill("x", head="RETURN 1 AS x /* ", tail=" */")
    yield "1 MB of 1+1+... (size cap)", "RETURN " + "1+" * 500_000 + "1"
    rng = random.Random(15)
    pieces = ["MATCH", "(n)", "RETURN", "n", ".", "x", ":", "L", "'", "`", "//", "/*", "*/", "\n", "{", "}", "(", ")",
              "[", "]", ";", "$p", "AS", "CALL", "EXISTS", "|", "-", ">", "<", "*", "1", "WHERE", "CASE", "END"]
    for seed in range(10):
        rng.seed(seed)
        soup = " ".join(rng.choice(pieces) for _ in range(LIMIT // 3))
        yield "random token soup", soup[:LIMIT]
        yield "random text", "".join(chr(rng.randint(32, 0x3000)) for _ in range(LIMIT // 3))


def timed(text: str, repeat: int, clock: Callable[[], float] = time.perf_counter) -> list[float]:
    out = []
    for _ in range(repeat):
        started = clock()
        try:
            check_read_only(text)
        except UnsafeQuery:
            pass
        out.append((clock() - started) * 1000)
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
          f" load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"caps: {MAX_QUERY_BYTES:,} bytes, {MAX_TOKENS:,} tokens and comments, brackets {MAX_NESTING} deep,"
          f" grammar {MAX_DEPTH} deep; repeat {args.repeat}x per input\n")
    families: dict[str, tuple[list[int], list[float], list[float]]] = {}
    everything: list[float] = []
    everything_cpu: list[float] = []
    for family, text in [*realistic(), *adversarial()]:
        repeat = args.repeat if len(text) > 2000 else max(3, args.repeat // 3)
        times = timed(text, repeat)
        cpu = timed(text, repeat, time.thread_time)
        sizes, wall_times, cpu_times = families.setdefault(family, ([], [], []))
        sizes.append(len(text.encode("utf-8", "surrogatepass")))
        wall_times.extend(times)
        cpu_times.extend(cpu)
        if len(text.encode("utf-8", "surrogatepass")) <= MAX_QUERY_BYTES:
            everything.extend(times)
            everything_cpu.extend(cpu)
    print("wall = elapsed time (includes waiting for a core on a shared machine); cpu = this thread's CPU time\n")
    print(f"{'family':32s} {'inputs':>6s} {'bytes':>15s} {'wall p50':>9s} {'wall p99':>9s} {'wall max':>9s}"
          f" {'cpu p99':>8s} {'cpu max':>8s}")
    for family, (sizes, times, cpu) in families.items():
        span = f"{min(sizes):,}-{max(sizes):,}" if min(sizes) != max(sizes) else f"{sizes[0]:,}"
        print(f"{family:32s} {len(sizes):6d} {span:>15s} {statistics.median(times):9.2f} "
              f"{percentile(times, 0.99):9.2f} {max(times):9.2f} {percentile(cpu, 0.99):8.2f} {max(cpu):8.2f}")
    print(f"\nall inputs <= 64 KB: {len(everything):,} checks; wall p50 {statistics.median(everything):.2f} ms,"
          f" p99 {percentile(everything, 0.99):.2f} ms, max {max(everything):.2f} ms; cpu p99"
          f" {percentile(everything_cpu, 0.99):.2f} ms, max {max(everything_cpu):.2f} ms (target p99 < 50 ms)")
    print("\nlinear time: cpu ms per KB of the dense families at 4, 8, 16 KB and 64 KB (past the token cap: refused)")
    for size in (4096, 8192, 16384, LIMIT):
        row = []
        for family, text in dense(size):
            best = min(timed(text, 5, time.thread_time))
            row.append(f"{family.split()[0]} {best / (len(text) / 1024):.2f}")
        print(f"  {size // 1024:3d} KB: " + ", ".join(row))


if __name__ == "__main__":
    main()
