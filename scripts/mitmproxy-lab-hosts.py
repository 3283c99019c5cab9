"""
A mitmproxy addon for scripts/record-mitmproxy-har.ts: sends requests for the CORS Lab's *.test
hosts to 127.0.0.1 (Chromium's --host-resolver-rules does not reach a proxy) and gives the flow its
host back before the HAR is written, so the HAR shows the URLs the browser asked for.
Load it before har_dump.py.
"""

from mitmproxy import http

ORIGINAL_HOST = "cors_doctor_original_host"


def request(flow: http.HTTPFlow) -> None:
    host = flow.request.data.host
    if host.endswith(".test"):
        flow.metadata[ORIGINAL_HOST] = host
        flow.request.data.host = "127.0.0.1"


def response(flow: http.HTTPFlow) -> None:
    host = flow.metadata.get(ORIGINAL_HOST)
    if host:
        flow.request.data.host = host
