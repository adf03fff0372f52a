#!/usr/bin/env python3
"""A TCP forwarder with ONE token bucket shared by all its connections: the container-start benchmark's stand-in for
a registry behind a network link of limited bandwidth.

usage: throttle-proxy.py LISTEN_PORT UPSTREAM_HOST:PORT MBIT_PER_S|unlimited COUNTS_FILE

Every byte from the upstream (the registry) to a client passes the bucket, whichever connection carries it, so
parallel requests share the link as they would share a real one; requests (client to upstream) are small and pass
unthrottled. The bytes each way are counted and written to COUNTS_FILE as JSON
({"down": N, "up": N, "connections": N}) when the proxy is stopped (SIGTERM/SIGINT), and on SIGUSR1.
"""
import asyncio
import json
import os
import signal
import sys
import time

PIECE = 64 * 1024  # the most one read takes; at 100 Mbit/s a piece is 5 ms of link time


class TokenBucket:
    """rate bytes/s, at most `burst` bytes credited at once; waiters are served in arrival order (one lock)."""

    def __init__(self, rate, burst):
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = burst, time.monotonic()
        self.lock = asyncio.Lock()

    async def take(self, n):
        async with self.lock:
            while True:
                now = time.monotonic()
                self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
                self.stamp = now
                if self.tokens >= n:
                    self.tokens -= n
                    return
                await asyncio.sleep((n - self.tokens) / self.rate)


class Proxy:
    def __init__(self, upstream, bucket, counts_file):
        self.host, self.port = upstream
        self.bucket, self.counts_file = bucket, counts_file
        self.down = self.up = self.connections = 0

    async def pipe(self, reader, writer, downstream):
        try:
            while True:
                data = await reader.read(PIECE)
                if not data:
                    break
                if downstream:
                    if self.bucket:
                        await self.bucket.take(len(data))
                    self.down += len(data)
                else:
                    self.up += len(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    async def serve(self, client_reader, client_writer):
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.port)
        except OSError:
            client_writer.close()
            return
        try:
            await asyncio.gather(self.pipe(client_reader, up_writer, False), self.pipe(up_reader, client_writer, True))
        except asyncio.CancelledError:
            pass  # the proxy is stopping

    def dump(self):
        tmp = self.counts_file + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"down": self.down, "up": self.up, "connections": self.connections}, f)
        os.replace(tmp, self.counts_file)


async def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    listen, upstream, bandwidth, counts_file = sys.argv[1:]
    host, port = upstream.rsplit(":", 1)
    bucket = None
    if bandwidth != "unlimited":
        rate = float(bandwidth) * 1e6 / 8
        # a burst of 4 pieces (21 ms at 100 Mbit/s): enough that a late wake-up of the event loop is made up for
        # afterwards instead of lost, small enough that the link's rate holds from the first hundred kilobytes
        bucket = TokenBucket(rate, burst=4 * PIECE)
    proxy = Proxy((host, int(port)), bucket, counts_file)
    server = await asyncio.start_server(proxy.serve, "127.0.0.1", int(listen))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_signal_handler(signal.SIGUSR1, proxy.dump)
    proxy.dump()  # the file exists (zeros) once the proxy listens: the harness waits for it
    async with server:
        await stop.wait()
    proxy.dump()


if __name__ == "__main__":
    asyncio.run(main())
