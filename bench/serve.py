#!/usr/bin/env python3
"""Load test of `lede serve` on loopback with wrk (Debian package `wrk`).

    python3 bench/serve.py [--duration 15] [--connections 32] [--concurrency 64]

1. Throughput: POST /v1/highlights with one ~800-word article (JSON), `--connections`
   connections (below the server's concurrency limit): requests/s, latency percentiles,
   errors.
2. Overload: 10x the concurrency limit in connections: how many answers are 503, and how fast.
3. Recovery: after the overload, a plain request must succeed and /readyz must be 200.
Peak resident memory of the server (VmHWM) is read from /proc at the end.

With --abuse, a fourth part (and with --abuse-only, only it; it needs no wrk): for
--abuse-seconds, at 4x the default limits (4 x --concurrency clients of each kind), at once:
  a. clients that send a ~1 MB batch and never read the answer (64 KiB receive buffers);
  b. clients that send a /v1/rouge request and go away, half of them over the work budget;
  c. uploads that trickle in at one byte a second;
while one well-behaved client sends /v1/highlights one after the other. Printed: the statuses
and p50/p99 of the normal requests, the server's peak resident memory (VmHWM) during the
abuse, and its resident memory at rest before and after (once the abusive connections are
closed).

The article is the first one of 780-820 words in the shared cased CNN/DailyMail subset when
it is there, else the sample article repeated to 800 words. wrk and the server share the
machine's cores, as they would on one box.
"""
import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
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


def mem_kib(pid, field):
    return int(re.search(field + r":\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1))


def raw_post(path, body, ctype="application/json"):
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def abuse(port, pid, concurrency, seconds, article):
    """Part 4: the abuse of issue 17's server items 1-3 at 4x the default limits."""
    n = 4 * concurrency
    stop = threading.Event()
    held = []
    lock = threading.Lock()
    counts = {"batch_sent": 0, "rouge_sent": 0, "slow_open": 0}

    item = json.dumps({"text": "Go on. " * 40, "include_sentences": True, "method": "lead"})
    batch = raw_post("/v1/highlights:batch", "\n".join([item] * (1_000_000 // (len(item) + 1))).encode(),
                     "application/x-ndjson")
    # 200 sentences of 100 one-letter words a side: 400,000,000 units for ROUGE-Lsum (refused);
    # 30 sentences: 9,000,000 units, just under the default budget of 10,000,000 (scored).
    sent = "a b c d e " * 20
    rouge_over = raw_post("/v1/rouge", json.dumps({"system": [sent] * 200, "reference": [sent] * 200,
                                                   "metrics": ["rouge-lsum"]}).encode())
    rouge_under = raw_post("/v1/rouge", json.dumps({"system": [sent] * 30, "reference": [sent] * 30,
                                                    "metrics": ["rouge-lsum"]}).encode())

    def non_reader():
        while not stop.is_set():
            try:
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
                s.settimeout(30)
                s.connect(("127.0.0.1", port))
                s.sendall(batch)
                with lock:
                    held.append(s)
                    counts["batch_sent"] += 1
                    if len(held) >= n:
                        return
            except OSError:
                time.sleep(0.05)

    def rouge_client(over):
        while not stop.is_set():
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=30)
                s.sendall(rouge_over if over else rouge_under)
                s.close()  # gone before the answer
                with lock:
                    counts["rouge_sent"] += 1
            except OSError:
                time.sleep(0.05)

    def trickle():
        socks = []
        for _ in range(n):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=30)
                s.sendall(b"POST /v1/highlights HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 100000\r\n\r\n{")
                socks.append(s)
            except OSError:
                pass
        counts["slow_open"] = len(socks)
        while not stop.wait(1.0):
            for s in list(socks):
                try:
                    s.send(b" ")
                except OSError:
                    socks.remove(s)
        for s in socks:
            s.close()

    body = json.dumps({"text": article, "sentences": 3}).encode()
    lat, statuses = [], {}

    def normal():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not stop.is_set():
            t = time.perf_counter()
            try:
                conn.request("POST", "/v1/highlights", body, {"Content-Type": "application/json"})
                r = conn.getresponse()
                answer = r.read()
                code = r.status
                if code != 200:  # name the error: "503 overloaded", "503 memory_budget" ...
                    try:
                        code = f"{code} {json.loads(answer)['error']['code']}"
                    except (ValueError, KeyError, TypeError):
                        pass
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except (OSError, http.client.HTTPException) as e:
                code = type(e).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            lat.append((time.perf_counter() - t) * 1000)
            statuses[code] = statuses.get(code, 0) + 1

    rss_rest = mem_kib(pid, "VmRSS")
    threads = [threading.Thread(target=non_reader, daemon=True) for _ in range(8)]
    threads += [threading.Thread(target=rouge_client, args=(i % 2 == 0,), daemon=True) for _ in range(1)
                for i in range(4)]
    threads += [threading.Thread(target=trickle, daemon=True), threading.Thread(target=normal, daemon=True)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    hwm = mem_kib(pid, "VmHWM")
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p / 100))] if lat else float("nan")
    print(f"\nabuse, {seconds} s at 4x the default limits ({n} of each kind): {counts['batch_sent']} ~1 MB "
          f"batches never read, {counts['rouge_sent']} ROUGE requests abandoned (half over the work "
          f"budget), {counts['slow_open']} uploads at 1 byte/s")
    print(f"  normal POST /v1/highlights during the abuse: {len(lat)} requests, statuses {statuses}, "
          f"p50 {pct(50):.2f} ms, p99 {pct(99):.2f} ms (target < 100 ms)")
    print(f"  server resident memory: {rss_rest / 1024:.1f} MiB at rest before, peak {hwm / 1024:.1f} MiB "
          f"(target < 512 MiB)")
    # The unread answers are cut off by the write timeout; then memory should return.
    for s in held:
        s.close()
    deadline = time.time() + 60
    while time.time() < deadline:
        m = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
        buffered = float(re.search(r"^lede_buffered_bytes (\S+)", m, re.M).group(1))
        in_flight = float(re.search(r"^lede_requests_in_flight (\S+)", m, re.M).group(1))
        if buffered == 0 and in_flight <= 1:
            break
        time.sleep(0.5)
    time.sleep(1)
    rss_after = mem_kib(pid, "VmRSS")
    print(f"  after the abuse: {rss_after / 1024:.1f} MiB resident, {(rss_after - rss_rest) / 1024:+.1f} MiB "
          f"from rest (target within 64 MiB)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--concurrency", type=int, default=64, help="the server's --concurrency")
    ap.add_argument("--abuse", action="store_true", help="also run part 4, the abuse")
    ap.add_argument("--abuse-only", action="store_true", help="run only part 4 (needs no wrk)")
    ap.add_argument("--abuse-seconds", type=int, default=20)
    args = ap.parse_args()
    if not args.abuse_only and subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        sys.exit("needs wrk (Debian: apt-get install wrk), or use --abuse-only")
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
        if args.abuse_only:
            assert status_of(base + "/v1/highlights", body.encode()) == 200
            abuse(port, server.pid, args.concurrency, args.abuse_seconds, text)
            return
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
        if args.abuse:
            abuse(port, server.pid, args.concurrency, args.abuse_seconds, text)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
