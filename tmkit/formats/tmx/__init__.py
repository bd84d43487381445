"""TMX 1.4b (and 1.1) in and out: a streaming reader, a streaming writer and a validator.

Modules: `reader` (TmxReader), `inline` (segment markup and plain text), `writer` (TmxWriter),
`validate` (validate_tmx, the rules behind `tmkit tm validate`).
"""
