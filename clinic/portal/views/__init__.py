"""Portal views, one module per concern. Every lookup goes through clinic.portal.access."""
