"""The crawl: discover -> frontier -> fetch -> extract -> archive (run.py), its queue, settings and summary."""
