"""Page text as a reader sees it: HTML collapses each run of spaces and newlines to one space, so tests compare
phrases that templates may write over several lines."""


def spaced(content):
    """A page (a response or its HTML) with every run of whitespace as one space."""
    text = content.content.decode() if hasattr(content, "content") else content
    return " ".join(text.split())
