"""Saved queries over REST: list them, run one with a JSON body of parameters (JSON or CSV out)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import ReaderDep, ServicesDep
from api.errors import BadArgument
from api.graphql.saved_queries import describe
from api.services import jsonable, run_saved_query
from cypher.export import csv_cell

router = APIRouter(prefix="/queries", tags=["saved queries"])


@router.get("")
async def list_queries(_: ReaderDep, services: ServicesDep) -> dict[str, Any]:
    """The saved queries (name, title, description, result columns, typed parameters) and the files
    skipped because they break a rule, each with its warning (as `innograph query list` prints them)."""
    out = []
    catalog = services.catalog()
    for query in catalog:
        info = describe(query)
        out.append({
            "name": info.name, "title": info.title, "description": info.description, "returns": info.returns,
            "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default, "help": p.help}
                       for p in info.params],
        })
    skipped = [{"file": problem.origin, "problem": problem.message} for problem in catalog.problems]
    return {"queries": out, "skipped": skipped}


def _wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        if fmt not in ("json", "csv"):
            raise BadArgument(f"format must be json or csv (got {fmt!r})")
        return fmt == "csv"
    return "text/csv" in request.headers.get("accept", "")


@router.post("/{name}", responses={200: {"content": {"text/csv": {}}}})
async def run_query(
    name: str,
    request: Request,
    _: ReaderDep,
    services: ServicesDep,
    params: dict[str, Any] | None = Body(default=None, description="parameter values by name"),
    format: str | None = Query(default=None, description="json (default) or csv; or send Accept: text/csv"),
) -> Response:
    """Run saved query `name`; rows as JSON, or CSV with `?format=csv` / `Accept: text/csv`."""
    csv_out = _wants_csv(request, format)
    result = await run_saved_query(services, name, params or {})
    rows = jsonable(result.rows)
    headers = {
        "X-Row-Count": str(len(rows)),
        "X-Truncated": "true" if result.truncated else "false",
        "X-Duration-Ms": f"{result.duration_ms:.1f}",
    }
    if csv_out:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(result.columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(c)) for c in result.columns])
        headers["Content-Disposition"] = f'attachment; filename="{result.name}.csv"'
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    body = {
        "name": result.name, "columns": list(result.columns), "rows": rows, "rowCount": len(rows),
        "truncated": result.truncated, "rowCap": result.row_cap, "durationMs": round(result.duration_ms, 3),
    }
    return JSONResponse(body, headers=headers)
