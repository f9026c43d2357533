"""Everything that speaks LinkedIn: Rest.li encoding, the HTTP client, typed endpoints,
payload models, OAuth, and the sandbox that emulates the API for the demo and tests.

Nothing here imports the database layer or anything above it."""
