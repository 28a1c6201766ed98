"""factory-boy factories, one module per app (accounts, patients, cases …)."""
