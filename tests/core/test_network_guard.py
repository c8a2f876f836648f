"""Tests reach no network but loopback (pytest-socket, configured in pyproject.toml): the
servers the tests start, PostgreSQL and Redis. Checked without sending anything: the real
connect is replaced by a recorder, so even a guard that let an address through sends nothing."""

import socket

import pytest
import pytest_socket


def test_only_loopback_connections_are_let_through(monkeypatch):
    # The guard is in place, checked first: without it the lines below would really connect.
    assert socket.socket.connect is not pytest_socket._true_connect
    assert socket.socket.connect.__name__ == "guarded_connect"
    reached = []
    monkeypatch.setattr(
        pytest_socket, "_true_connect", lambda sock, address: reached.append(address)
    )

    for address in [("192.0.2.1", 80), ("2001:db8::1", 443), ("10.0.0.1", 5432)]:
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        with (
            socket.socket(family, socket.SOCK_STREAM) as sock,
            pytest.raises(pytest_socket.SocketConnectBlockedError),
        ):
            sock.connect(address)
    with socket.socket() as sock:
        sock.connect(("127.0.0.1", 5432))

    assert reached == [("127.0.0.1", 5432)]
