"""Allow `python -m beritascrape`."""

from beritascrape.cli import main

if __name__ == "__main__":
    main()
