#!/usr/bin/env python3
"""Load test of `lede serve` on loopback with wrk (Debian package `wrk`).

    python3 bench/serve.py [--duration 15] [--connections 32] [--concurrency 64]

1. Throughput: POST /v1/highlights with one ~800-word article (JSON), `--connections`
   connections (below the server's concurrency limit): requests/s, latency percentiles,
   errors.
2. Overload: 10x the concurrency limit in connections: how many answers are 503, and how fast.
3. Recovery: after the overload, a plain request must succeed and /readyz must be 200.
Peak resident memory of the server (VmHWM) is read from /proc at the end.

The article is the first one of 780-820 words in the shared cased CNN/DailyMail subset when
it is there, else the sample article repeated to 800 words. wrk and the server share the
machine's cores, as they would on one box.
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shared(rel):
    base = os.environ.get("LEDE_SHARED_DATA", "../shared/data")
    if not os.path.isabs(base):
        base = os.path.join(ROOT, base)
    return os.path.join(base, rel)


def article_800():
    path = shared("cnn_dailymail_test_cased_subset/test.jsonl")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                a = json.loads(line)["article"]
                if 780 <= len(a.split()) <= 820:
                    return a
    words = open(os.path.join(ROOT, "samples", "harbor-bridge.txt")).read().split()
    return " ".join((words * 10)[:800])


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wrk(url, lua, connections, duration, threads=2):
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s",
                          "--latency", "-s", lua, url], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"wrk failed: {out.stderr}")
    text = out.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    lat = {}
    for p, v, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M):
        lat[p] = float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return {"rps": rps, "total": total, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(1) if errors else "none", "latency_ms": lat, "raw": text}


def status_of(url, body=None):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--concurrency", type=int, default=64, help="the server's --concurrency")
    args = ap.parse_args()
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        sys.exit("needs wrk (Debian: apt-get install wrk)")
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "lede-cli"], cwd=ROOT, check=True)
    lede = os.path.join(ROOT, "target", "release", "lede")

    text = article_800()
    body = json.dumps({"text": text, "sentences": 3})
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([lede, "serve", "--addr", f"127.0.0.1:{port}",
                               "--concurrency", str(args.concurrency)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                if status_of(base + "/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.05)
        rss_start = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{server.pid}/status").read()).group(1))
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    f"wrk.body = {json.dumps(body)}\n")
            lua = f.name
        assert status_of(base + "/v1/highlights", body.encode()) == 200
        print(f"article: {len(text.split())} words, {len(body)} bytes of JSON; server --concurrency "
              f"{args.concurrency}, {os.cpu_count()} cores shared with wrk")

        load = wrk(base + "/v1/highlights", lua, args.connections, args.duration)
        print(f"\nthroughput, {args.connections} connections, {args.duration} s:")
        print(f"  {load['rps']:,.0f} requests/s, {load['total']:,} requests, non-2xx {load['non2xx']}, "
              f"socket errors: {load['socket_errors']}")
        print("  latency " + ", ".join(f"p{p} {v:.2f} ms" for p, v in sorted(load["latency_ms"].items())))

        over_c = 10 * args.concurrency
        over = wrk(base + "/v1/highlights", lua, over_c, max(5, args.duration // 2))
        print(f"\noverload, {over_c} connections (10x the limit):")
        print(f"  {over['rps']:,.0f} answers/s, {over['total']:,} answers, of which non-2xx (503) "
              f"{over['non2xx']:,}; socket errors: {over['socket_errors']}")
        print("  latency " + ", ".join(f"p{p} {v:.2f} ms" for p, v in sorted(over["latency_ms"].items())))

        time.sleep(0.5)
        ok = status_of(base + "/v1/highlights", body.encode())
        ready = status_of(base + "/readyz")
        print(f"\nrecovery: POST /v1/highlights -> {ok}, GET /readyz -> {ready}")
        status = open(f"/proc/{server.pid}/status").read()
        hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
        print(f"server resident memory: {rss_start / 1024:.1f} MiB at start, peak {hwm / 1024:.1f} MiB")
        os.unlink(lua)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
