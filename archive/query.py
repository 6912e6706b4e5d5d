"""The archive's one search syntax, read the same way by the search box (SQLite), the matching rules
and a rule's trial over the last days.

    alcalde OR "municipalidad de antofagasta"      either alternative
    basura NOT aseo   /   basura -aseo             «basura» without «aseo»
    "plan regulador"                               the words together, in that order

Terms are lower case without accents (`fold`), and a term matches where a word starts, as
PostgreSQL's lexemes do ("pavimentación" does not find "repavimentación"; "basura" finds "basurales").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from gabinete.text import fold

_TOKENS = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Group:
    """One OR alternative: every required term, none of the excluded ones."""

    required: tuple[str, ...]
    excluded: tuple[str, ...] = ()


def _term(text: str) -> str:
    return " ".join(fold(re.sub(r"[^\w\s]", " ", text)).split())


def parse(text: str) -> list[Group]:
    """The alternatives of a query; an alternative with no required term is dropped (it would match
    everything). `NOT` (in capitals, as in the rules' help) excludes the next term, as `-` does."""
    groups: list[tuple[list[str], list[str]]] = [([], [])]
    negate_next = False
    for match in _TOKENS.finditer(text or ""):
        negate, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None:
            if word.lower() == "or":
                groups.append(([], []))
                negate_next = False
                continue
            if word == "NOT":
                negate_next = True
                continue
            negate = "-" if word.startswith("-") else ""
            phrase = word.lstrip("-")
        term = _term(phrase)
        if term:
            groups[-1][1 if (negate or negate_next) else 0].append(term)
        negate_next = False
    return [Group(tuple(required), tuple(excluded)) for required, excluded in groups if required]


def word_start(term: str) -> str:
    """The regular expression of a term where a word starts (Python's and the databases' REGEXP)."""
    return rf"(?<!\w){re.escape(term)}"


@dataclass(frozen=True)
class Matcher:
    """A parsed query, ready to test many texts (already folded) quickly."""

    groups: tuple[Group, ...]

    @classmethod
    def of(cls, text: str) -> Matcher:
        return cls(tuple(parse(text)))

    def __bool__(self) -> bool:
        return bool(self.groups)

    def matches(self, folded: str) -> bool:
        return any(
            all(_found(term, folded) for term in group.required)
            and not any(_found(term, folded) for term in group.excluded)
            for group in self.groups
        )

    def as_q(self, field: str) -> Q:
        """The same test as a database condition on a folded text column (LIKE narrows, REGEXP checks
        the word start); no alternative is a condition nothing meets."""
        if not self.groups:
            return Q(pk__in=[])
        condition = Q()
        for group in self.groups:
            part = Q()
            for term in group.required:
                part &= term_q(field, term)
            for term in group.excluded:
                part &= ~term_q(field, term)
            condition |= part
        return condition


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _found(term: str, folded: str) -> bool:
    if term not in folded:  # the cheap test first: most rules miss most texts
        return False
    pattern = _PATTERNS.get(term)
    if pattern is None:
        pattern = _PATTERNS.setdefault(term, re.compile(word_start(term)))
    return pattern.search(folded) is not None


def term_q(field: str, term: str) -> Q:
    return Q(**{f"{field}__contains": term}) & Q(**{f"{field}__regex": word_start(term)})
