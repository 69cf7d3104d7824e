"""Validates a FHIR R4 JSON file with fhir.resources 6.1 (pydantic models of FHIR 4.0.1).

Usage: fhir_r4.py FILE. Exit 0 and a one-line summary when the file is a
valid R4 resource (each Bundle entry validated as its own resource type
too); exit 1 with the validation errors otherwise.
"""
import json
import sys

import fhir.resources
from fhir.resources import construct_fhir_element

assert fhir.resources.__fhir_version__ == "4.0.1", fhir.resources.__fhir_version__

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    data = json.load(f)
try:
    root = construct_fhir_element(data["resourceType"], data)
    kinds = {}
    for entry in data.get("entry", []):
        res = entry["resource"]
        construct_fhir_element(res["resourceType"], res)
        kinds[res["resourceType"]] = kinds.get(res["resourceType"], 0) + 1
except Exception as e:  # pydantic.ValidationError and friends
    print(f"{path}: not valid FHIR R4:\n{e}", file=sys.stderr)
    sys.exit(1)
print(f"valid FHIR {fhir.resources.__fhir_version__} {root.resource_type}: "
      + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
