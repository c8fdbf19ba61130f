"""Over real gunicorn with the shipped gunicorn.conf.py: on a fixed TCP port each worker
listens on a socket of its own, and the kernel spreads connections over the workers."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.web.servers import BIN, Service, _wait_for

# Starts gunicorn with two workers in a subprocess.
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _tcp_sockets(port: int) -> list[tuple[str, str, str]]:
    """(local port hex, state, inode) of every IPv4 TCP socket on ``port``."""
    rows = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rpartition(":")[2], 16) == port:
            rows.append((fields[1], fields[3], fields[9]))
    return rows


def test_each_worker_listens_and_connections_are_spread(private_service: Service, tmp_path) -> None:
    port, log = _free_port(), tmp_path / "error.log"
    command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--error-logfile", str(log), "--no-control-socket"]
    process = subprocess.Popen(command, cwd=ROOT, env=private_service.env)
    clients: list[http.client.HTTPConnection] = []
    try:
        _wait_for(r"each worker listens on 127\.0\.0\.1:\d+ itself", log, process)
        for _ in range(600):
            if len(re.findall(r"warm in", log.read_text())) == 2:
                break
            time.sleep(0.05)
        workers = [int(p) for p in re.findall(r"Booting worker with pid: (\d+)", log.read_text())]
        assert len(workers) == 2
        owned = {pid: _socket_inodes(pid) for pid in workers}
        listening = [inode for _, state, inode in _tcp_sockets(port) if state == "0A"]
        assert len(listening) == 2
        assert all(len(owned[pid] & set(listening)) == 1 for pid in workers)
        # 40 kept-alive clients: by the hash both workers hold some (all on one: 2 in 2^40).
        for _ in range(40):
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            client.request("GET", "/api/terms?q=%E7%81%A3%E5%8D%80%E9%80%9A")
            assert client.getresponse().read() and client.sock is not None
            clients.append(client)
        held = {pid: len(owned[pid] | _socket_inodes(pid)) - len(owned[pid]) for pid in workers}
        assert sum(held.values()) == 40 and min(held.values()) > 0, held
    finally:
        for client in clients:
            client.close()
        process.terminate()
        process.wait(20)


def test_port_0_keeps_one_shared_socket(private_service: Service, gunicorn) -> None:
    """Port 0 would give each worker a port of its own: the master binds, as without the flag."""
    server = gunicorn(private_service.env, "-c", "gunicorn.conf.py")
    port = int(server.base.rpartition(":")[2])
    assert len([s for s in _tcp_sockets(port) if s[1] == "0A"]) == 1
    assert "each worker listens" not in server.error_log.read_text()


def _start(env: dict[str, str], bind: str, log: Path) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--workers", "2", "--bind", bind]
    command += ["--error-logfile", str(log), "--no-control-socket"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _warm(log: Path, count: int) -> None:
    for _ in range(1200):
        if log.exists() and len(re.findall(r"warm in", log.read_text())) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(log.read_text())


def _get(token: str, port: int | None = None, unix: Path | None = None) -> int:
    if unix is not None:
        client = http.client.HTTPConnection("localhost", timeout=30)
        client.sock = socket.socket(socket.AF_UNIX)
        client.sock.connect(str(unix))
    else:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.request("GET", "/api/terms?q=x", headers={"Authorization": f"Bearer {token}"})
        return client.getresponse().status
    finally:
        client.close()


def test_a_reload_keeps_the_sockets_chosen_at_start(private_service: Service, tmp_path) -> None:
    """SIGHUP reads gunicorn.conf.py again: a Unix socket must stay the master's one."""
    path, log = tmp_path / "g.sock", tmp_path / "error.log"
    process = _start(private_service.env, f"unix:{path}", log)
    try:
        _warm(log, 2)
        assert _get(private_service.reader, unix=path) == 200
        process.send_signal(signal.SIGHUP)
        _warm(log, 4)
        assert [_get(private_service.reader, unix=path) for _ in range(6)] == [200] * 6
        assert "Errno" not in log.read_text()
    finally:
        process.terminate()
        process.wait(20)


def test_an_upgrade_with_usr2_serves_on(private_service: Service, tmp_path) -> None:
    """USR2 hands the listening sockets to a new master: with a socket per worker the old
    master makes one for it, and the new master serves after the old one stops."""
    port, log = _free_port(), tmp_path / "error.log"
    process = _start(private_service.env, f"127.0.0.1:{port}", log)
    new_master = None
    try:
        _warm(log, 2)
        process.send_signal(signal.SIGUSR2)
        _warm(log, 4)
        new_master = int(re.findall(r"\[(\d+)\] \[INFO\] Starting gunicorn", log.read_text())[-1])
        assert new_master != process.pid
        process.terminate()
        process.wait(20)
        assert [_get(private_service.reader, port) for _ in range(6)] == [200] * 6
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(20)
        if new_master is not None:
            os.kill(new_master, signal.SIGTERM)


def test_one_worker_keeps_the_masters_socket(private_service: Service, tmp_path) -> None:
    """A lone worker's socket would close with it: the master's one holds clients while a
    new worker starts."""
    port, log = _free_port(), tmp_path / "error.log"
    command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--workers", "1"]
    command += ["--bind", f"127.0.0.1:{port}", "--error-logfile", str(log), "--no-control-socket"]
    process = subprocess.Popen(command, cwd=ROOT, env=private_service.env)
    try:
        _warm(log, 1)
        assert "each worker listens" not in log.read_text()
        assert _socket_inodes(process.pid) & {s[2] for s in _tcp_sockets(port) if s[1] == "0A"}
        assert _get(private_service.reader, port) == 200
    finally:
        process.terminate()
        process.wait(20)
