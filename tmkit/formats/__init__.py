"""One sub-package or module per interchange format, both directions."""
