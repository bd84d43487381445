"""Pure text functions: language tags, XML character rules, mojibake repair."""
