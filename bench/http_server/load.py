"""The load generator of the HTTP benchmark, run as a second process on loopback.

``python -m bench.http_server.load <port> <concurrency> <path> [<path> …]`` requests
every path once, from ``concurrency`` threads each with its own keep-alive
connection, and prints one line per request: the path, the status, the
number of bytes and the seconds from sending the request to the last byte.
"""

import http.client
import queue
import sys
import threading
import time


def worker(port: int, paths: "queue.Queue[str]", results: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while True:
        try:
            path = paths.get_nowait()
        except queue.Empty:
            break
        started = time.perf_counter()
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        results.append((path, response.status, len(body), time.perf_counter() - started))
    connection.close()


def main() -> None:
    port, concurrency, *paths = sys.argv[1:]
    pending: queue.Queue[str] = queue.Queue()
    for path in paths:
        pending.put(path)
    results: list = []
    threads = [
        threading.Thread(target=worker, args=(int(port), pending, results))
        for _ in range(int(concurrency))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for path, status, size, elapsed in results:
        print(f"{path}\t{status}\t{size}\t{elapsed:.6f}")


if __name__ == "__main__":
    main()
