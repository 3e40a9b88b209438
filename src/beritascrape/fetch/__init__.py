"""HTTP: the polite session (http.py), decoding bytes to text (decoding.py), the private-address guard."""
