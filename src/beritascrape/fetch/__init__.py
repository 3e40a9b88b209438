"""HTTP: the polite session (http.py), response deadlines, transport failures, decoding, the address guard."""
