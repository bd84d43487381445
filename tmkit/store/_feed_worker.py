"""Entry point of the import's reader process: `python -m tmkit.store._feed_worker`."""

import sys

from tmkit.store.feed import worker_main

if __name__ == "__main__":
    sys.exit(worker_main())
