# The URL sweep's kwargs (owner A's records) serve the portal's page walks too.
from tests.security.conftest import url_kwargs  # noqa: F401
