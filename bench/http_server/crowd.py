"""A crowd of clients for the HTTP benchmark, run as a second process on loopback.

``python -m bench.http_server.crowd <port> <clients> <seconds> <path> [<path> …]`` starts
``clients`` threads, each requesting the paths in turn (each from its own place in the list)
as fast as the server answers, for ``seconds``; it prints one line per request: the path, the
status (0 for a failed connection), the number of bytes and the seconds to the last byte. It
names the host as a browser would (with the port), as the pages were first asked for.
"""

import http.client
import sys
import threading
import time


def client(port: int, paths: list[str], start: int, deadline: float, results: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    turn = start
    while time.perf_counter() < deadline:
        path = paths[turn % len(paths)]
        turn += 1
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


def main() -> None:
    port, clients, duration, *paths = sys.argv[1:]
    deadline = time.perf_counter() + float(duration)
    results: list = []
    threads = [
        threading.Thread(target=client, args=(int(port), paths, number, deadline, results))
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
