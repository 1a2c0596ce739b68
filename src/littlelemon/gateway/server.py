"""The gateway on the wire: a WSGI front for `Gateway`, served by cheroot (CherryPy's server).

cheroot folds only some repeated request headers; API Gateway joins every repeated header
with a comma, so the server uses a header reader that does the same.
"""

from __future__ import annotations

import http
import sys
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from cheroot import server as cheroot_server
from cheroot.wsgi import Server as WSGIServer

from littlelemon.gateway.app import TOO_LARGE, Gateway
from littlelemon.gateway.events import HttpRequest, HttpResponse

DEFAULT_THREADS = 16
SERVER_NAME = "littlelemon-gateway"


class CommaJoiningHeaderReader(cheroot_server.HeaderReader):
    """Repeated headers joined with "," the way API Gateway puts them into events."""

    def __call__(self, rfile: Any, hdict: dict[bytes, bytes] | None = None) -> dict[bytes, bytes]:
        headers: dict[bytes, bytes] = {} if hdict is None else hdict
        while True:
            line = rfile.readline()
            if not line:
                raise ValueError("Illegal end of headers.")
            if line == b"\r\n":
                return headers
            if not line.endswith(b"\r\n"):
                raise ValueError("HTTP requires CRLF terminators")
            if line[:1] in (b" ", b"\t"):
                raise ValueError("Obsolete header line folding is not supported.")
            name, separator, value = line.partition(b":")
            if not separator:
                raise ValueError("Illegal header line.")
            key = name.strip().title()
            value = value.strip()
            headers[key] = headers[key] + b"," + value if key in headers else value


class GatewayRequest(cheroot_server.HTTPRequest):
    header_reader = CommaJoiningHeaderReader()


class GatewayConnection(cheroot_server.HTTPConnection):
    RequestHandlerClass = GatewayRequest


StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def headers_from_environ(environ: dict[str, Any]) -> list[tuple[str, str]]:
    """The request headers of a WSGI environ, lower-cased (`HTTP_X_FOO` -> `x-foo`)."""
    headers = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers.append((key[5:].replace("_", "-").lower(), value))
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            headers.append((key.replace("_", "-").lower(), value))
    return headers


def _raw_path_and_query(environ: dict[str, Any]) -> tuple[str, str]:
    uri: str = environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
    if not uri.startswith("/"):
        parts = urlsplit(uri)  # absolute-form request target
        return parts.path or "/", parts.query
    path, _, query = uri.partition("?")
    return path, query


def _send(response: HttpResponse, start_response: StartResponse) -> Iterable[bytes]:
    try:
        phrase = http.HTTPStatus(response.status).phrase
    except ValueError:
        phrase = "Unknown"
    headers = [
        (name, value) for name, value in response.headers if name.lower() != "content-length"
    ]
    headers.append(("content-length", str(len(response.body))))
    start_response(f"{response.status} {phrase}", headers)
    return [response.body]


def wsgi_app(gateway: Gateway) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """A WSGI application that hands every request to `gateway`."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        declared = environ.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > gateway.max_payload_bytes:
            return _send(HttpResponse.gateway_error(413, TOO_LARGE), start_response)
        # Read one byte past the limit so an over-long chunked body is noticed as well.
        body = environ["wsgi.input"].read(gateway.max_payload_bytes + 1)
        path, query = _raw_path_and_query(environ)
        request = HttpRequest(
            method=environ["REQUEST_METHOD"],
            raw_path=path,
            raw_query=query,
            headers=headers_from_environ(environ),
            body=body,
            source_ip=environ.get("REMOTE_ADDR") or "127.0.0.1",
            protocol=environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
        )
        return _send(gateway.handle(request), start_response)

    return application


def make_server(
    gateway: Gateway, host: str, port: int, *, threads: int = DEFAULT_THREADS
) -> WSGIServer:
    """A bound (prepared) server; port 0 picks a free port, read it from `bound_port()`."""
    server = WSGIServer(
        (host, port), wsgi_app(gateway), numthreads=threads, server_name=SERVER_NAME
    )
    server.ConnectionClass = GatewayConnection
    server.prepare()
    return server


def bound_port(server: WSGIServer) -> int:
    """The TCP port the server listens on."""
    address: tuple[str, int] = server.bind_addr
    return int(address[1])


def serve_forever(server: WSGIServer) -> None:
    """Serve until stopped; Ctrl-C stops cleanly."""
    try:
        server.serve()
    except KeyboardInterrupt:
        print("gateway: stopping", file=sys.stderr)
    finally:
        server.stop()
