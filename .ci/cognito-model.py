#!/usr/bin/env python3
"""Writes src/api/cognito-idp.json: botocore's service model for cognito-idp (the API
reference the JSON API follows: members, required members, lengths, patterns, enums),
without its documentation strings. The model is botocore's, under the Apache License 2.0
(https://github.com/boto/botocore); regenerate after upgrading botocore:

    tests/cognito/.venv/bin/python .ci/cognito-model.py
"""
import gzip
import json
import pathlib

import botocore

here = pathlib.Path(botocore.__file__).parent / "data" / "cognito-idp" / "2016-04-18" / "service-2.json.gz"
model = json.load(gzip.open(here))
KEEP_SHAPE = {"type", "members", "required", "min", "max", "pattern", "enum", "sensitive", "member", "key", "value", "error", "exception"}
KEEP_MEMBER = {"shape"}
shapes = {}
for name, shape in model["shapes"].items():
    s = {k: v for k, v in shape.items() if k in KEEP_SHAPE}
    if "members" in s:
        s["members"] = {m: {k: v for k, v in spec.items() if k in KEEP_MEMBER} for m, spec in s["members"].items()}
    for k in ("member", "key", "value"):
        if k in s:
            s[k] = {"shape": s[k]["shape"]}
    if "error" in s:
        s["error"] = {k: v for k, v in s["error"].items() if k in ("code", "httpStatusCode", "senderFault")}
    shapes[name] = s
operations = {}
for name, op in model["operations"].items():
    operations[name] = {
        "input": op["input"]["shape"] if "input" in op else None,
        "output": op["output"]["shape"] if "output" in op else None,
        "errors": [e["shape"] for e in op.get("errors", [])],
        "unsigned": op.get("authtype") == "none",
    }
out = {
    "source": f"botocore {botocore.__version__}, data/cognito-idp/2016-04-18/service-2.json (Apache-2.0), documentation removed",
    "metadata": {k: model["metadata"][k] for k in ("apiVersion", "targetPrefix", "jsonVersion", "protocol")},
    "operations": operations,
    "shapes": shapes,
}
dest = pathlib.Path(__file__).resolve().parents[1] / "src" / "api" / "cognito-idp.json"
dest.write_text(json.dumps(out, indent=0, sort_keys=True, separators=(",", ":")) + "\n")
print(f"wrote {dest} ({dest.stat().st_size} bytes, {len(operations)} operations)")
