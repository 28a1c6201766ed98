"""Staff views of owners and dogs; one module per concern. The photo views are shared
with owners (see photos.py)."""
