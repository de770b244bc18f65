"""A paragraph split in two at a line, so that a repair moves only the lines from the
call of a note to the end of its paragraph onto the next page (see chunks.py).

The split falls where a line began (a count of characters: edition/layout/flowtext.py),
so the two parts break into the same lines as the whole: the first part's last line is
justified like the others, the second part is not indented, and the ids of the elements
the split cuts through stay with their first part.
"""

from __future__ import annotations

import copy

from lxml import etree, html

from ...layout.flowtext import counts, flow
from ...layout.weasy import UNREAD

# what the lines' text leaves out: what the print stylesheet floats out of them (page-foot
# notes, apparatus entries) and the calls of end notes (layout/weasy.py: UNREAD)
FLOATS = frozenset({"footnote", "app-foot", UNREAD})
_MARK = "edition-split"


def split_paragraph(markup: str, count: int) -> tuple[str, str] | None:
    """``markup`` (one ``<p>``) as the paragraph before the ``count``-th counted character
    (class ``split-head``) and the paragraph from it (``split-tail``, after a page
    break); None when the paragraph is shorter."""
    root = html.fragment_fromstring(markup)
    place = flow(root, FLOATS).place(count)
    if place is None:
        return None
    element, attr, i = place
    mark = etree.Element(_MARK)
    text = getattr(element, attr)
    setattr(element, attr, text[:i])
    mark.tail = text[i:]
    if attr == "text":
        element.insert(0, mark)
    else:
        element.addnext(mark)
    while mark.getparent() is not root and not _shown_before(mark.getparent(), mark):
        mark = _lift(mark)  # an element that begins at the split goes whole to the second
    head, tail = copy.deepcopy(root), copy.deepcopy(root)
    _keep_before(head)
    _keep_after(tail)
    for part, name in ((head, "split-head"), (tail, "force-break split-tail")):
        part.set("class", " ".join([*(part.get("class") or "").split(), name]))
    return _markup(head), _markup(tail)


def _shown_before(element: etree._Element, mark: etree._Element) -> bool:
    """Whether a counted character of ``element`` comes before ``mark``."""
    def walk(el: etree._Element) -> bool | None:  # None: neither a character nor the mark
        if any(counts(ch) for ch in el.text or ""):
            return True
        for child in el:
            if child is mark:
                return False
            if isinstance(child.tag, str) and not FLOATS & set(
                    (child.get("class") or "").split()):
                found = walk(child)
                if found is not None:
                    return found
            if any(counts(ch) for ch in child.tail or ""):
                return True
        return None

    return walk(element) is True


def _lift(mark: etree._Element) -> etree._Element:
    """The mark moved from the start of its parent to just before it."""
    parent = mark.getparent()
    previous = mark.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (mark.tail or "")
    else:
        parent.text = (parent.text or "") + (mark.tail or "")
    parent.remove(mark)
    lifted = etree.Element(_MARK)
    parent.addprevious(lifted)
    return lifted


def _keep_before(root: etree._Element) -> None:
    """Remove everything after the mark, and the mark."""
    node = next(root.iter(_MARK))
    node.tail = None
    while node is not root:
        parent = node.getparent()
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        if node.tag != _MARK:
            node.tail = None
        node = parent
    mark = next(root.iter(_MARK))
    mark.getparent().remove(mark)


def _keep_after(root: etree._Element) -> None:
    """Remove everything before the mark, the mark, and the ids of its ancestors (they
    name the first part)."""
    mark = next(root.iter(_MARK))
    node = mark
    while node is not root:
        parent = node.getparent()
        for sibling in list(node.itersiblings(preceding=True)):
            parent.remove(sibling)
        parent.text = None
        if parent.get("id") is not None:
            del parent.attrib["id"]
        node = parent
    parent = mark.getparent()
    parent.text = mark.tail
    parent.remove(mark)


def _markup(element: etree._Element) -> str:
    return html.tostring(element, encoding="unicode")


def keep_whole(markup: str, counts: list[int]) -> str:
    """``markup`` (one ``<p>``) with the words that begin at these counts of characters
    each in a span that is not hyphenated (class ``keep-whole``; a word that crosses an
    element's edge is left as it is)."""
    root = html.fragment_fromstring(markup)
    for count in sorted(counts, reverse=True):  # from the end: earlier places stay valid
        text = flow(root, FLOATS)
        place = text.place(count)
        if place is None:
            continue
        start = text.counted[count]
        end = start
        while end < len(text.text) and not text.text[end].isspace() \
                and text.places[end][:2] == place[:2]:
            end += 1
        if end < len(text.text) and text.text[end].isalnum():
            continue  # the word goes on in another string (across an element's edge)
        element, attr, i = place
        string = getattr(element, attr)
        j = i + end - start
        span = etree.Element("span", {"class": "keep-whole"})
        span.text, span.tail = string[i:j], string[j:]
        setattr(element, attr, string[:i])
        if attr == "text":
            element.insert(0, span)
        else:
            element.addnext(span)
    return _markup(root)
