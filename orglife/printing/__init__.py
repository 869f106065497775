"""Printing a material: the official PDF layout (GB/T 9704-2012) and a Word file.

Both read the paragraphs of `orglife.document.assembly.assemble`, never the
models directly, so what is printed is exactly what the material page shows.
"""
