"""Scrape URLs and saved files (pipeline.py, article.py, inputs.py) and re-extract archived pages (reparse.py)."""
