"""Small typed helpers for the site's BeautifulSoup edits: a tag's classes as a list, adding one, an attribute as
text, and a search that must find its tag (a page template that lost an element fails by name)."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import AttributeValueList


def classes(tag: Tag) -> list[str]:
    """The tag's classes (``[]`` where it has none)."""
    value = tag.get("class")
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else str(value).split()


def add_class(tag: Tag, name: str) -> None:
    """Add ``name`` to the tag's classes."""
    tag["class"] = AttributeValueList([*classes(tag), name])


def text_attr(tag: Tag, name: str, default: str = "") -> str:
    """The tag's attribute ``name`` as one string (``default`` where it has none)."""
    value = tag.get(name)
    if value is None:
        return default
    return " ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def must_find(soup: BeautifulSoup | Tag, **attrs: str) -> Tag:
    """The first tag with ``attrs`` (``id="main"``), or a ValueError naming what is missing."""
    found = soup.find(None, attrs=dict(attrs))
    if not isinstance(found, Tag):
        raise ValueError(f"the page has no element with {attrs}")
    return found
