"""Reports over REST: `GET /reports/chain/{chain}?region=..&benchmark=..&from=..&to=..&lang=..&format=..`,
the patent navigation report as HTML or PDF (the same `report` package as `innograph report chain`).

The report's library code reads through a blocking driver; it runs in a worker thread through
`Services.run_blocking` (the process's one async driver, its slots and time limit) with the API's gap
and analytics caches. A bad argument is a 400 with `{"error": {"code", "message", "argument",
"suggestions"}}` naming it; PDF printing without a browser is a 501.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.deps import ReaderDep, ServicesDep
from report import PdfUnavailable, ReportArgs, ReportError, gather, render

router = APIRouter(prefix="/reports", tags=["reports"])


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
        report = await services.run_blocking(gather, args, gap_cache=services.gap_cache,
                                             analytics_cache=services.analytics_cache, what="the report")
        if format == "html":
            return HTMLResponse(await asyncio.to_thread(lambda: render(report).decode("utf-8")))
        pdf = await asyncio.to_thread(render, report)
    except ReportError as exc:
        return _bad(request, exc)
    except PdfUnavailable as exc:
        return JSONResponse({"error": {"code": "PDF_UNAVAILABLE", "message": str(exc)}}, status_code=501)
    name = f"report-{report.gap.chain.get('key') or 'chain'}-{report.gap.region.code or 'region'}.pdf"
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})
