"""The host's HTTP client: timeouts, retries with backoff, size cap, deadline, user agent."""

from __future__ import annotations

import gzip
import time
from decimal import Decimal

import httpx
import pytest

from catalog.live import client as live

URL = "https://api.example.test/prices"


def client_for(handler, **options):
    sleeps: list[float] = []
    client = live.new_client(httpx.MockTransport(handler), sleep=sleeps.append, **options)
    return client, sleeps


def test_requests_name_the_project_and_have_explicit_timeouts():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={"price": 1.25})

    client, _ = client_for(handler)
    with client:
        assert live.get_json(client, URL) == {"price": Decimal("1.25")}, "decimals stay exact"
        assert client.timeout.connect == 5.0 and client.timeout.read == 10.0
    assert seen[0].headers["user-agent"].startswith("prompt-or-tune/")
    assert seen[0].headers["accept-encoding"] == "gzip"


def test_connection_refused_is_retried_with_backoff_then_raised():
    calls = []

    def refused(request):
        calls.append(request)
        raise httpx.ConnectError("[Errno 111] Connection refused")

    client, sleeps = client_for(refused, retries=2, backoff_s=0.5)
    with client, pytest.raises(httpx.ConnectError, match="refused"):
        client.get(URL)
    assert len(calls) == 3 and sleeps == [0.5, 1.0]


def test_429_then_success_waits_as_asked():
    answers = iter([httpx.Response(429, headers={"retry-after": "2"}), httpx.Response(200, json=[1])])
    client, sleeps = client_for(lambda request: next(answers))
    with client:
        assert live.get_json(client, URL) == [1]
    assert sleeps == [2.0]


def test_a_retry_after_beyond_the_deadline_is_not_waited_for():
    client, sleeps = client_for(lambda request: httpx.Response(503, headers={"retry-after": "3600"}))
    with client, pytest.raises(httpx.HTTPStatusError, match="503"):
        live.get_json(client, URL)
    assert sleeps == []


def test_500_is_retried_then_reported():
    calls = []

    def broken(request):
        calls.append(request)
        return httpx.Response(500, text="upstream exploded")

    client, sleeps = client_for(broken)
    with client, pytest.raises(httpx.HTTPStatusError, match="500"):
        live.get_json(client, URL)
    assert len(calls) == 3 and len(sleeps) == 2


def test_a_read_timeout_is_not_retried():
    calls = []

    def slow(request):
        calls.append(request)
        raise httpx.ReadTimeout("timed out")

    client, _ = client_for(slow)
    with client, pytest.raises(httpx.ReadTimeout):
        client.get(URL)
    assert len(calls) == 1


def test_an_announced_enormous_body_is_refused_before_reading():
    client, _ = client_for(
        lambda request: httpx.Response(200, headers={"content-length": str(10**12)}, content=b"{}"), max_bytes=1000
    )
    with client, pytest.raises(live.ResponseTooLarge, match="cap"):
        client.get(URL)


def test_an_unannounced_enormous_body_is_cut_off_while_reading():
    produced = []

    def endless():
        while True:
            produced.append(1)
            yield b"x" * 65536

    client, _ = client_for(lambda request: httpx.Response(200, content=endless()), max_bytes=256 * 1024)
    with client, pytest.raises(live.ResponseTooLarge):
        client.get(URL)
    assert len(produced) <= 5, "stopped just past the cap"


def test_a_gzip_bomb_is_cut_off_by_its_decoded_size():
    bomb = gzip.compress(b"0" * 50_000_000)  # 50 MB of zeros in ~50 KB
    client, _ = client_for(
        lambda request: httpx.Response(200, content=bomb, headers={"content-encoding": "gzip"}), max_bytes=1_000_000
    )
    with client, pytest.raises(live.ResponseTooLarge, match="decoded"):
        client.get(URL)


def test_a_gzipped_body_is_decoded():
    body = gzip.compress(b'{"data": []}')
    client, _ = client_for(lambda request: httpx.Response(200, content=body, headers={"content-encoding": "gzip"}))
    with client:
        assert live.get_json(client, URL) == {"data": []}


def test_a_slow_drip_is_stopped_at_the_deadline():
    def drip():
        while True:
            time.sleep(0.05)
            yield b" "

    client, _ = client_for(lambda request: httpx.Response(200, content=drip()), deadline_s=0.3)
    started = time.monotonic()
    with client, pytest.raises(live.DeadlineExceeded):
        client.get(URL)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe garbage", b""])
def test_malformed_json_is_an_unexpected_shape(body):
    client, _ = client_for(lambda request: httpx.Response(200, content=body))
    with client, pytest.raises(live.UnexpectedShape, match="not valid JSON"):
        live.get_json(client, URL)


def test_an_encoding_we_did_not_ask_for_is_refused():
    client, _ = client_for(lambda request: httpx.Response(200, content=b"\x8b", headers={"content-encoding": "br"}))
    with client, pytest.raises(live.UnexpectedShape, match="'br'"):
        client.get(URL)
