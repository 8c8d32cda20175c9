"""The data side of cdnet: canonical tables, ingest, detectors, reference data (no Django here)."""
