"""Patent navigation reports (产业专利导航) of an industrial chain for a region.

    report = gather(driver, database, ReportArgs(chain="humanoid-robots", region="CN-JS", lang="zh"))
    data = render(report)          # HTML (UTF-8) or PDF bytes, by report.args.format

`gather` computes every figure with the library functions the GraphQL resolvers call (gap report,
consortium candidates, transfer matches, target progress) on a blocking `neo4j.Driver`; `render`
fills the Jinja2 template (`templates/`) with the words of `strings.yaml`. Bad arguments raise
`ReportError` naming the argument, before anything is rendered. This package never imports the CLI
(`innograph report chain`) or the API (`GET /reports/chain/{chain}`); both call it.
"""

from report.gather import FORMATS, LANGS, Report, ReportArgs, ReportError, gather
from report.render import PdfUnavailable, render, render_html

__all__ = ["FORMATS", "LANGS", "PdfUnavailable", "Report", "ReportArgs", "ReportError", "gather", "render",
           "render_html"]
