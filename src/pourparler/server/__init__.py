"""The HTTP server: the JSON API under /api/ (and, later, the web pages), over the same use
cases as the command line. Authorisation stays in the services; this layer resolves who calls,
translates errors once, and adds what every response needs (security headers, request ids)."""
