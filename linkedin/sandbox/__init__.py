"""linkedin/sandbox."""
