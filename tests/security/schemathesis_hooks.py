"""Schemathesis hooks for tests/security/schemathesis.sh.

The document says in words what JSON Schema cannot (see the InitiativeInput description):
lengths count graphemes, the dates lie in a window around today (`x-earliest`, `x-latest`)
and the end is on or after the start. Here the fuzzer is taught the same rules, read from
the document itself, so that every *positive* case it makes is one the server must accept
(201): negative cases are left as generated. Every answer is also written down, so that the
script can say how many cases reached each step.
"""

import datetime
import hashlib
import json
import os
import unicodedata

import schemathesis
from hypothesis import strategies as st

SUBMIT = ("POST", "/api/initiatives")
TEXT_FIELDS = ("title", "description", "organizer_name", "beneficiaries")
# The date window, as the document states it.
WINDOW = {}


@schemathesis.hook
def before_load_schema(context, raw_schema):
    # Dates from the window the document states, rather than from year 1 to 9999.
    fields = raw_schema["components"]["schemas"]["InitiativeInput"]["properties"]
    earliest = datetime.date.fromisoformat(fields["start_date"]["x-earliest"])
    latest = datetime.date.fromisoformat(fields["end_date"]["x-latest"])
    WINDOW.update(earliest=earliest.isoformat(), latest=latest.isoformat())
    schemathesis.openapi.format(
        "date", st.dates(min_value=earliest, max_value=latest).map(datetime.date.isoformat)
    )


def _is_submit(case):
    return (case.operation.method.upper(), case.operation.path) == SUBMIT


def _one_code_point_per_grapheme(text):
    # Combining marks, joiners, variation selectors, skin tones and flags make a grapheme of
    # several code points: JSON Schema's lengths would count them apart, the server together.
    # A CR LF is one line break once stored.
    for c in text:
        o = ord(c)
        if unicodedata.category(c) in ("Mn", "Me", "Mc", "Cf", "Sk") or 0x1F1E6 <= o <= 0x1F1FF:
            return False
    return "\r" not in text


@schemathesis.hook
def filter_case(context, case):
    if not _is_submit(case) or case.meta is None or case.meta.generation.mode.value != "positive":
        return True
    body = case.body
    if not isinstance(body, dict):
        return True
    # The coverage phase draws its own boundary dates (year 0000 or 9999): the same rules.
    start, end = body.get("start_date"), body.get("end_date")
    if isinstance(start, str) and isinstance(end, str):
        if end < start or start < WINDOW.get("earliest", "") or end > WINDOW.get("latest", "9999"):
            return False
    return all(
        _one_code_point_per_grapheme(body[f]) for f in TEXT_FIELDS if isinstance(body.get(f), str)
    )


@schemathesis.hook
def before_call(context, case, kwargs):
    # A client sends a new Idempotency-Key with each new submission (the same key with another
    # body is answered 422, as documented); hypothesis draws the same few keys again and again.
    # A valid key is made the body's own, so the same body keeps its key (a replay) and
    # another body gets another.
    if not _is_submit(case) or case.meta is None or case.meta.generation.mode.value != "positive":
        return
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and 8 <= len(key.strip()) <= 128 and key.strip().isascii() and key.strip().isprintable() and " " not in key.strip():
        digest = hashlib.sha256(json.dumps(case.body).encode()).hexdigest()[:32]
        headers["Idempotency-Key"] = f"{key.strip()[:90]}.{digest}"
        case.headers = headers


@schemathesis.hook
def after_call(context, case, response):
    path = os.environ.get("DXDAY_SCHEMATHESIS_CALLS")
    if not path or case.meta is None:
        return
    record = {
        "operation": f"{case.operation.method.upper()} {case.operation.path}",
        "status": response.status_code,
        "mode": case.meta.generation.mode.value,
        "phase": str(getattr(case.meta.phase, "name", "")),
    }
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
