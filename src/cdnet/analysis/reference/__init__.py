"""Loaders for shipped reference data (DISARM, sanctions, outlets, elections, organisations)."""
