"""The load generator: a separate process of HTTP/1.1 keep-alive clients on asyncio.

    python -m bench.load --ports 8001,8002 --clients 50 --requests 2000 --kind create \
        --token TOKEN

Prints one JSON line: requests, errors, seconds, rate, latency percentiles in ms, and
this process's CPU seconds and share of the machine (so a reader can see how much of
the 2 cores the generator itself took). Plain sockets keep its own cost low.
"""

import argparse
import asyncio
import json
import os
import time
import uuid
from collections.abc import Sequence
from typing import Any

CONNECT_TIMEOUT = 10.0  # seconds
REQUEST_TIMEOUT = 60.0


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Connection:
    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", self.port), CONNECT_TIMEOUT
            )
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        writer = self.writer
        assert writer is not None
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        return await asyncio.wait_for(self._response(), REQUEST_TIMEOUT)

    async def _response(self) -> int:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _request_for(
    kind: str, args: argparse.Namespace, n: int
) -> tuple[str, str, dict[str, str], bytes]:
    if kind == "create":
        body = {
            "subject": f"Order {n} has not arrived",
            "channel": "email",
            "customer": {"name": f"Load {n}", "email": f"load-{uuid.uuid4().hex}@example.com"},
            "message": {"body": "Hello, my order has not arrived yet. Where is it?"},
        }
        headers = {
            "Authorization": f"Bearer {args.token}",
            "Content-Type": "application/json",
            "Idempotency-Key": uuid.uuid4().hex,
        }
        return "POST", "/api/v1/conversations", headers, json.dumps(body).encode()
    if kind == "list":
        headers = {"Authorization": f"Bearer {args.token}"}
        return "GET", "/api/v1/conversations?status=open&limit=25", headers, b""
    if kind == "inbox":
        return "GET", "/inbox/?view=all", {"Cookie": f"sessionid={args.session}"}, b""
    raise ValueError(kind)


async def _client(
    index: int, args: argparse.Namespace, ports: list[int], counter: list[int], out: dict[str, Any]
) -> None:
    connection = Connection(ports[index % len(ports)])  # round robin, as a load balancer
    try:
        while counter[0] < args.requests:
            n = counter[0]
            counter[0] += 1
            method, path, headers, body = _request_for(args.kind, args, n)
            started = time.perf_counter()
            try:
                status = await connection.request(method, path, headers, body)
            except (OSError, asyncio.IncompleteReadError, TimeoutError):
                out["errors"] += 1
                await connection.close()
                continue
            out["latencies"].append(time.perf_counter() - started)
            if status >= 400:
                out["errors"] += 1
                out["statuses"][str(status)] = out["statuses"].get(str(status), 0) + 1
    finally:
        await connection.close()


async def _run(args: argparse.Namespace) -> dict[str, Any]:
    ports = [int(port) for port in args.ports.split(",")]
    out: dict[str, Any] = {"latencies": [], "errors": 0, "statuses": {}}
    counter = [0]
    cpu_before = os.times()
    started = time.perf_counter()
    await asyncio.gather(*(_client(i, args, ports, counter, out) for i in range(args.clients)))
    seconds = time.perf_counter() - started
    cpu_after = os.times()
    cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    latencies = out["latencies"]
    return {
        "kind": args.kind,
        "clients": args.clients,
        "requests": len(latencies),
        "errors": out["errors"],
        "statuses": out["statuses"],
        "seconds": round(seconds, 2),
        "rate": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "cpu_seconds": round(cpu, 2),
        "cpu_share": round(cpu / seconds / (os.cpu_count() or 1), 3) if seconds else 0.0,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--ports", required=True, help="comma-separated loopback ports")
    parser.add_argument("--kind", choices=["create", "list", "inbox"], required=True)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--token", default="")
    parser.add_argument("--session", default="")
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(_run(args))))


if __name__ == "__main__":
    main()
