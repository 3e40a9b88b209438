"""Scrape URLs and saved files (pipeline.py) and re-extract archived pages (reparse.py) into the archive."""
