"""FHIR R4 at /fhir/: the shared plumbing (auth.py, responses.py, views.py's routing
table) and one module per kind of resource served."""
