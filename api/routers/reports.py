"""Reports over REST: `GET /reports/chain/{chain}?region=..&benchmark=..&from=..&to=..&lang=..&format=..`,
the patent navigation report as HTML or PDF (the same `report` package as `innograph report chain`).

The report's library code reads through a blocking driver; it runs in a worker thread through
`Services.run_blocking` (the process's one async driver and its slots) with the API's gap and
analytics caches. A report is many queries: it has its own time limit, not the query limit. The
request waits up to `INNOGRAPH_REPORT_TIMEOUT_S` (120 s; a cold first report at 100k patents takes
about a minute); past that it is a 503 with `Retry-After` saying so, while the report goes on in the
background (up to BUILD_LIMIT_S) and warms the caches, and a repeated request joins the computation
in flight instead of starting another. A report that cannot finish (past BUILD_LIMIT_S) is a 504.
A bad argument is a 400 with `{"error": {"code", "message", "argument", "suggestions"}}` naming it;
PDF printing without a browser is a 501.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import ReaderDep, ServicesDep
from api.errors import QueryTimedOut
from report import PdfUnavailable, Report, ReportArgs, ReportError, gather, render

router = APIRouter(prefix="/reports", tags=["reports"])
BUILD_LIMIT_S = 900.0  # a report still computing after this long is cancelled (at least the wait)
RETRY_AFTER_S = 30


def _in_flight(request: Request) -> dict[ReportArgs, asyncio.Task[Report]]:
    """The reports being computed in this app, by their arguments (format aside: the figures are the same)."""
    state = request.app.state
    if not hasattr(state, "reports_in_flight"):
        state.reports_in_flight = {}
    return state.reports_in_flight  # type: ignore[no-any-return]


async def _report(request: Request, services: Any, args: ReportArgs) -> Report:
    """The report's figures within the wait; raises TimeoutError while it is still computing."""
    wait = services.settings.report_timeout_s
    key = ReportArgs(args.chain, args.region, args.benchmark, args.from_year, args.to_year, args.lang)
    tasks = _in_flight(request)
    task = tasks.get(key)
    if task is None:
        task = asyncio.ensure_future(services.run_blocking(
            gather, args, gap_cache=services.gap_cache, analytics_cache=services.analytics_cache,
            what="the report", limit_s=max(BUILD_LIMIT_S, wait)))
        tasks[key] = task

        def done(t: asyncio.Task[Report]) -> None:
            if tasks.get(key) is t:
                del tasks[key]
            if not t.cancelled():
                t.exception()  # retrieved here: a waiter may have given up on it

        task.add_done_callback(done)
    return await asyncio.wait_for(asyncio.shield(task), wait)


def _bad(request: Request, exc: ReportError) -> JSONResponse:
    return JSONResponse({"error": {"code": "BAD_REQUEST", "message": f"{exc.argument}: {exc}",
                                   "argument": exc.argument, "suggestions": exc.suggestions,
                                   "requestId": getattr(request.state, "request_id", "-")}}, status_code=400)


def _year(name: str, text: str | None) -> int | None:
    """A year parameter; parsed here (not by FastAPI) so a bad one is our 400 naming it, not a 422."""
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise ReportError(name, f"{name} must be a year such as 2020 (got {text!r})") from None


@router.get("/chain/{chain}", responses={200: {"content": {"text/html": {}, "application/pdf": {}}},
                                         400: {"description": "a bad argument, named"}})
async def chain_report(
    chain: str,
    request: Request,
    _: ReaderDep,
    services: ServicesDep,
    region: str | None = Query(None, description="province, city, code or Region id (CN-JS, 江苏, Suzhou)"),
    benchmark: str | None = Query(None, description="outside (default), all, or a region"),
    from_: str | None = Query(None, alias="from", description="first application year"),
    to: str | None = Query(None, description="last application year"),
    lang: str = Query("en", description="en or zh"),
    format: str = Query("html", description="html or pdf"),
) -> Response:
    """The patent navigation report of a chain for a region (see `report`)."""
    try:
        args = ReportArgs(chain, region or "", benchmark or None, _year("from", from_), _year("to", to), lang, format)
        args.check()
        report = await _report(request, services, args)
        if format == "html":
            return HTMLResponse(await asyncio.to_thread(lambda: render(report).decode("utf-8")))
        pdf = await asyncio.to_thread(render, report)
    except ReportError as exc:
        return _bad(request, exc)
    except TimeoutError:
        wait = services.settings.report_timeout_s
        message = (f"the report is still being computed after {wait:g}s (INNOGRAPH_REPORT_TIMEOUT_S): the first "
                   "report after a start or a load reads the whole chain, about a minute at 100k patents; it goes "
                   f"on in the background, ask again in {RETRY_AFTER_S}s")
        return JSONResponse({"error": {"code": "REPORT_PENDING", "message": message,
                                       "requestId": getattr(request.state, "request_id", "-")}},
                            status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})
    except QueryTimedOut as exc:
        message = f"{exc.message}; the report cannot be computed within {max(BUILD_LIMIT_S, services.settings.report_timeout_s):g}s"
        return JSONResponse({"error": {"code": "REPORT_TIMEOUT", "message": message,
                                       "requestId": getattr(request.state, "request_id", "-")}}, status_code=504)
    except PdfUnavailable as exc:
        return JSONResponse({"error": {"code": "PDF_UNAVAILABLE", "message": str(exc)}}, status_code=501)
    name = f"report-{report.gap.chain.get('key') or 'chain'}-{report.gap.region.code or 'region'}.pdf"
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})
