"""The one HTTP client live sources fetch with, and the checks every fetch gets.

Plugins never build their own clients: the host hands each `live_records` call a client from
`new_client`, so every source gets the same explicit timeouts, the same retry with backoff (on
connect errors, 429 and 5xx; a refused connection or a busy server usually answers the second
time), the same cap on response size and an overall deadline (a server that drips one byte a
second never trips a per-read timeout, so the whole exchange has a deadline too: connecting,
the status line and headers, every retry and the body), the same redirect rule (only to the
same host, never from https to http: a redirect elsewhere would send our requests, and take
prices, from a server nobody chose), and a user agent naming the project so a provider can
tell who calls.

The checks live in a transport wrapped around the real one (or around a test's
`httpx.MockTransport`), so they hold however a plugin uses the client. The wrapper decodes gzip
itself so the size cap applies to the decoded body: a small compressed body can expand a
thousandfold.
"""

from __future__ import annotations

import email.utils
import importlib.metadata
import json
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DEADLINE_S = 45.0
MAX_BYTES = 32 * 2**20
RETRIES = 2
BACKOFF_S = 0.5
MAX_RETRY_WAIT_S = 10.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def _version() -> str:
    try:
        return importlib.metadata.version("prompt-or-tune")
    except importlib.metadata.PackageNotFoundError:  # a plain clone, run without installing
        return "dev"


USER_AGENT = f"prompt-or-tune/{_version()} (LLM price catalog; live price refresh) httpx/{httpx.__version__}"


class ResponseTooLarge(Exception):
    """The body is bigger than the cap: it was not read to the end."""


class DeadlineExceeded(Exception):
    """The whole exchange, retries and body included, took longer than the deadline."""


class UnexpectedShape(ValueError):
    """The endpoint answered valid JSON that is not shaped like its documented response."""


class RedirectRefused(Exception):
    """A redirect to another host, or from https to plain http."""


def refuse_foreign_redirect(response: httpx.Response) -> None:
    """A response hook: raise `RedirectRefused` before a redirect elsewhere is followed."""
    if not response.has_redirect_location:
        return
    source = response.request.url
    target = source.join(response.headers["location"])
    if target.host != source.host:
        raise RedirectRefused(f"{source.host} redirected to another host ({target.host}); not followed")
    if source.scheme == "https" and target.scheme != "https":
        raise RedirectRefused(f"{source.host} redirected from https to {target.scheme}; not followed")


class _CappedBody(httpx.SyncByteStream):
    """The response body, decoded if gzipped, stopped at `max_bytes` or at the deadline."""

    def __init__(self, raw: httpx.SyncByteStream, gzipped: bool, max_bytes: int, deadline: float) -> None:
        self.raw = raw
        self.decoder = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
        self.max_bytes = max_bytes
        self.deadline = deadline

    def __iter__(self) -> Iterator[bytes]:
        size = 0
        for chunk in self.raw:
            if self.decoder is not None:
                # at most one byte past the cap is decoded, so a gzip bomb never unfolds
                chunk = self.decoder.decompress(chunk, self.max_bytes - size + 1)
                if self.decoder.unconsumed_tail:
                    raise ResponseTooLarge(f"response body larger than {self.max_bytes:,} bytes once decoded")
            size += len(chunk)
            if size > self.max_bytes:
                raise ResponseTooLarge(f"response body larger than {self.max_bytes:,} bytes")
            if time.monotonic() > self.deadline:
                raise DeadlineExceeded("response still arriving at the deadline")
            yield chunk

    def close(self) -> None:
        self.raw.close()


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked us to wait (Retry-After: seconds or an HTTP date), if any."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class GuardedTransport(httpx.BaseTransport):
    """Retries, then hands back the response with its body capped and under the deadline."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        retries: int = RETRIES,
        backoff_s: float = BACKOFF_S,
        max_bytes: int = MAX_BYTES,
        deadline_s: float = DEADLINE_S,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.inner = inner
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_bytes = max_bytes
        self.deadline_s = deadline_s
        self.sleep = sleep

    def _delay(self, attempt: int, asked: float | None, deadline: float) -> float | None:
        """How long to wait before the next attempt; None (give up) when the server asks for a
        longer wait than we retry for, or the wait would overrun the deadline."""
        delay = asked if asked is not None else self.backoff_s * 2**attempt
        if delay > MAX_RETRY_WAIT_S or time.monotonic() + delay >= deadline:
            return None
        return delay

    def _answer_by(self, request: httpx.Request, deadline: float) -> httpx.Response:
        """The inner transport's response (status line and headers), or `DeadlineExceeded` if it
        is not complete by the deadline. Per-read timeouts cannot bound this: a server that
        sends one header byte every few seconds never trips one. The exchange runs in a daemon
        thread that is left behind at the deadline, its connection closed."""
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["response"] = self.inner.handle_request(request)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                outcome["error"] = exc

        worker = threading.Thread(target=run, daemon=True, name="prompt-or-tune-fetch")
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            self.inner.close()
            raise DeadlineExceeded(f"no complete answer from {request.url.host} within {self.deadline_s:g} s")
        if "error" in outcome:
            raise outcome["error"]
        response: httpx.Response = outcome["response"]
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self.deadline_s
        attempt = 0
        while True:
            last = attempt >= self.retries
            try:
                response = self._answer_by(request, deadline)
            except (httpx.ConnectError, httpx.ConnectTimeout):
                delay = None if last else self._delay(attempt, None, deadline)
                if delay is None:
                    raise
            else:
                delay = (
                    self._delay(attempt, _retry_after(response), deadline)
                    if response.status_code in RETRY_STATUSES and not last
                    else None
                )
                if delay is None:
                    return self._capped(request, response, deadline)
                response.close()
            self.sleep(delay)
            attempt += 1

    def _capped(self, request: httpx.Request, response: httpx.Response, deadline: float) -> httpx.Response:
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if declared.isdigit() and int(declared) > self.max_bytes:
            response.close()
            raise ResponseTooLarge(f"response body of {int(declared):,} bytes is over the {self.max_bytes:,}-byte cap")
        if encoding not in ("identity", "gzip"):
            response.close()
            raise UnexpectedShape(f"unexpected content encoding {encoding!r} (only gzip was asked for)")
        headers = httpx.Headers(
            [
                (k, v)
                for k, v in response.headers.multi_items()
                if k.lower() not in ("content-encoding", "content-length")
            ]
        )
        assert isinstance(response.stream, httpx.SyncByteStream)
        body = _CappedBody(response.stream, encoding == "gzip", self.max_bytes, deadline)
        return httpx.Response(
            response.status_code, headers=headers, stream=body, request=request, extensions=response.extensions
        )

    def close(self) -> None:
        self.inner.close()


def new_client(
    transport: httpx.BaseTransport | None = None,
    *,
    timeout: httpx.Timeout = TIMEOUT,
    retries: int = RETRIES,
    backoff_s: float = BACKOFF_S,
    max_bytes: int = MAX_BYTES,
    deadline_s: float = DEADLINE_S,
    sleep: Callable[[float], None] = time.sleep,
) -> httpx.Client:
    """The client a refresh hands to plugins; `transport` replaces the network (tests)."""
    inner = transport if transport is not None else httpx.HTTPTransport()
    guarded = GuardedTransport(
        inner, retries=retries, backoff_s=backoff_s, max_bytes=max_bytes, deadline_s=deadline_s, sleep=sleep
    )
    return httpx.Client(
        transport=guarded,
        timeout=timeout,
        follow_redirects=True,
        max_redirects=5,
        event_hooks={"response": [refuse_foreign_redirect]},
        headers={"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": "gzip"},
    )


def parse_json(response: httpx.Response) -> Any:
    """The body as JSON after a 2xx status, numbers with decimals kept exact (Decimal, not float)."""
    response.raise_for_status()
    try:
        return json.loads(response.content, parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnexpectedShape(f"not valid JSON from {response.request.url} ({exc})") from None


def get_json(client: httpx.Client, url: str, **params: str) -> Any:
    """GET `url` and parse its JSON body (see `parse_json`)."""
    return parse_json(client.get(url, params=params or None))
