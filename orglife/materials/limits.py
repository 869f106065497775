"""The longest text each editable part of a material may hold, in characters.

One table for the editor's forms (orglife.materials.editor.forms) and for every path that
saves a material's content in bulk (import, restore: material_fill), so that no
path makes a part longer than the editor would. The limits keep a material one
person can print and compare (a single 300,000-character material took 23 s to
render); CharFields' own max_length is the database's limit and is repeated here.
"""

TEXT_LIMITS: dict[str, dict[str, int]] = {
    "material": {
        "title": 300,
        "preamble": 20000,
        "problems_heading": 100,
        "causes_heading": 100,
        "causes_intro": 5000,
        "directions_heading": 100,
        "directions_intro": 5000,
        "closing": 5000,
        "signature": 100,
    },
    "section": {"heading": 200, "body": 20000},
    "category": {"name": 100, "heading": 200},
    "intro": {"text": 5000},
    "problem": {"text": 5000},
    "cause": {"heading": 200, "body": 10000},
    "direction": {"heading": 200, "intro": 5000},
    "measure": {"text": 5000},
}
