"""The report: pure figure functions (data -> matplotlib Figure), sentences built from the
numbers, and the two renderings of one document, a self-contained HTML file and a PDF.

Nothing here runs the model or opens the database: `layer0.services.report` gathers a
`ReportData` and hands it to `html.render` or `pdf.render`, which return the file's content.
"""

from layer0.report.data import ReportData

__all__ = ["ReportData"]
