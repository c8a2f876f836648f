"""The load generator of the HTTP benchmarks, run as a second process on loopback.

``python -m bench.http_server.load <port> <clients> <seconds> <path> [<path> …]`` starts
``clients`` threads, each with its own keep-alive connection. With ``seconds`` at 0, they
request every path once between them; otherwise each requests the paths in turn (each from
its own place in the list) as fast as the server answers, for ``seconds``. It prints one
line per request: the path, the status (0 for a failed connection), the number of bytes and
the seconds from sending the request to the last byte. It names the host as a browser would
(with the port), as the pages were first asked for.
"""

import http.client
import itertools
import queue
import sys
import threading
import time


def client(port: int, next_path, results: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while (path := next_path()) is not None:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
            response = connection.getresponse()
            status, size = response.status, len(response.read())
        except OSError:
            connection.close()
            status, size = 0, 0
        results.append((path, status, size, time.perf_counter() - started))
    connection.close()


def each_once(paths: list[str]):
    """Every client takes the next path not taken yet, until none is left."""
    pending: queue.Queue[str] = queue.Queue()
    for path in paths:
        pending.put(path)

    def take():
        try:
            return pending.get_nowait()
        except queue.Empty:
            return None

    return lambda _client_number: take


def in_turn(paths: list[str], seconds: float):
    """Each client requests the paths in turn, from its own place, until the deadline."""
    deadline = time.perf_counter() + seconds

    def of_client(client_number: int):
        turns = itertools.count(client_number)
        return lambda: paths[next(turns) % len(paths)] if time.perf_counter() < deadline else None

    return of_client


def main() -> None:
    port, clients, seconds, *paths = sys.argv[1:]
    plan = each_once(paths) if float(seconds) == 0 else in_turn(paths, float(seconds))
    results: list = []
    threads = [
        threading.Thread(target=client, args=(int(port), plan(number), results))
        for number in range(int(clients))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for path, status, size, elapsed in results:
        print(f"{path}\t{status}\t{size}\t{elapsed:.6f}")


if __name__ == "__main__":
    main()
