"""Text helpers that survive hostile objects (a __str__ or __repr__ may raise)."""


def truncate(text, limit):
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters]"


def safe_str(value):
    try:
        return str(value)
    except Exception as error:
        return f"<unprintable {type(error).__name__}>"


def safe_text(value):
    """The value itself when it is a string, else its repr."""
    if isinstance(value, str):
        return value
    try:
        return repr(value)
    except Exception as error:
        return f"<unprintable {type(error).__name__}>"
