"""Imports of provincial spreadsheets (CSV/XLSX) into the database; `dashboard.importer` is the
public entry. Reading, header recognition, value parsing, unit/line lookups, per-kind validation
and the single write transaction each live in a module of their own."""
