"""What a user types into the search box, parsed into a safe query for either engine.

The language is small and forgiving (docs/search.md):

- ``word word``: both words (AND); case and Latin accents do not matter;
- ``"two words"``: the words next to each other; an unbalanced quote is ignored;
- ``a OR b``: either; ``-word``: without it; ``spieg*``: words starting with ``spieg``.

Anything else (parentheses, ``NEAR(``, ``:``, ``^``, stray ``*``) is ordinary punctuation that
separates words. The parser only ever emits folded words, each quoted for the engine, so user
text can neither break the query syntax nor inject operators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdnet.search.folding import words

MAX_TERMS = 32
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of adjacent words; ``prefix``: its last word is a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    clauses: tuple[tuple[Term, ...], ...]  # every clause must match; a clause = OR of terms
    excluded: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.clauses

    def highlights(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """Words to mark in a snippet: exact words, and prefixes."""
        exact: set[str] = set()
        prefixes: list[str] = []
        for clause in self.clauses:
            for term in clause:
                *whole, last = term.words
                exact.update(whole)
                if term.prefix:
                    prefixes.append(last)
                else:
                    exact.add(last)
        return frozenset(exact), tuple(prefixes)


def _term(raw: str, quoted: bool) -> tuple[Term | None, bool]:
    """The term of one token and whether it is excluded (``-word``)."""
    negated = not quoted and len(raw) > 1 and raw.startswith("-")
    text = raw[1:] if negated else raw
    found = tuple(words(text))
    if not found:
        return None, False
    return Term(found, prefix=not quoted and text.endswith("*")), negated


def parse(text: str) -> Query:
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        quoted = match.group(1) is not None
        raw = match.group(1) if quoted else match.group(2)
        if not quoted and raw == "OR" and clauses and not join_next:
            join_next = True
            continue
        term, negated = _term(raw, quoted)
        if term is None:
            continue
        if negated:
            excluded.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    if not clauses:  # "-word" alone: search for the word rather than for nothing
        clauses, excluded = [[t] for t in excluded], []
    clauses, excluded = clauses[:MAX_TERMS], excluded[:MAX_TERMS]
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded))


def _fts5_term(term: Term) -> str:
    phrase = " ".join(term.words).replace('"', '""')
    return f'"{phrase}"' + ("*" if term.prefix else "")


def to_fts5(query: Query) -> str:
    """An FTS5 MATCH expression: every word double-quoted, operators written by us."""
    parts = []
    for clause in query.clauses:
        inner = " OR ".join(_fts5_term(t) for t in clause)
        parts.append(f"({inner})" if len(clause) > 1 else inner)
    expression = " AND ".join(parts)
    for term in query.excluded:
        expression = f"({expression}) NOT {_fts5_term(term)}"
    return expression


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _ts_term(term: Term) -> str:
    lexemes = [_lexeme(w) for w in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def to_tsquery(query: Query) -> str:
    """Text for PostgreSQL's ``to_tsquery('simple', …)``: every word single-quoted."""
    parts = ["(" + " | ".join(_ts_term(t) for t in clause) + ")" for clause in query.clauses]
    parts += [f"!{_ts_term(t)}" for t in query.excluded]
    return " & ".join(parts)
