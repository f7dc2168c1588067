"""Text in four languages: normalisation, language detection, redaction and search."""
