"""The one print engine for every document the cycle produces.

`pdf` renders any document's PDF (`pdf.render_pdf`): the render lock and the
child-process queue, the safe fetcher (`fetcher`), the official fonts and their
fallbacks (`fonts`, `fallback`), the GB/T 9704 page (`assets/gbt9704.css`) and
the content cache. `docx` starts any Word file on the same official page.
`material` prints the material with both; `layout` breaks its lines.
"""
