"""Packaged reference data (CSV, YAML) and the row schemas that validate it at load."""
