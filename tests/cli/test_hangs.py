"""Nothing hangs: a scheduler address that is no Dask scheduler (a web server, a server that
answers garbage, a closed port) and a projects file too large to run are refused with exit 2
in bounded time."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers import free_port, many_projects, refused


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, *args):  # a test server says nothing
        pass


@pytest.fixture
def web_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def garbage_server():
    """Accepts and answers every connection with bytes that read as an absurd frame length."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.sendall(b"\xff" * 64)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(5)   # closing the socket under a waiting accept() raised in the thread
    listener.close()


@pytest.mark.slow
@pytest.mark.dask
def test_a_web_server_given_as_the_scheduler_is_refused(web_server, cli, tmp_path):
    pytest.importorskip("dask.distributed")
    refused(cli("run", "--samples", "2", "--scheduler", web_server, "--out", tmp_path / "o"),
            "--scheduler: field: cannot reach a Dask scheduler")
    assert not (tmp_path / "o").exists()
    # and the failed attempt leaves this process able to run and write (a server would go on)
    assert cli("run", "--samples", "2", "--out", tmp_path / "after").returncode == 0


@pytest.mark.slow
@pytest.mark.dask
def test_a_server_answering_garbage_is_refused(garbage_server, cli, tmp_path):
    pytest.importorskip("dask.distributed")
    refused(cli("run", "--samples", "2", "--scheduler", garbage_server, "--out",
                tmp_path / "o"), "--scheduler: field: cannot reach a Dask scheduler")


@pytest.mark.slow
@pytest.mark.dask
def test_a_closed_port_is_refused(cli, tmp_path):
    pytest.importorskip("dask.distributed")
    refused(cli("sensitivity", "--samples", "8", "--scheduler",
                f"tcp://127.0.0.1:{free_port()}"), "--scheduler: field:")


def test_a_projects_file_too_large_to_run_is_refused_at_once(cli, tmp_path):
    path = many_projects(tmp_path / "huge.csv", 200_000)
    refused(cli("run", "--samples", "1", "--projects", path, "--out", tmp_path / "o"),
            f"{path}:0: file: holds 200,000 projects, at most 10,000")
