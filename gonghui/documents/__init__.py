"""Rendering of documents: xlsx workbooks (``documents.xlsx``), later PDF."""
