"""The use cases of layer0, the only code the front ends (CLI, Python API, REST API) call:

- `runs`: the run job (inputs -> model -> supply section -> summary -> files);
- `scenarios`: list, show, validate, compare, sensitivity;
- `supply`: concentration, export controls, risk, disruption, coverage, new supply;
- `news`: read articles, extract events, ingest candidates, list and decide on them;
- `data`: check the reference data; `exports`: export a finished run.

Each takes validated inputs and `Settings` and returns typed results; bad input raises
`layer0.InputError` whose problems name fields by their model name.
"""
