"""Query documents: refused when too large, parsed and validated once, cached.

A query is measured before anything else is done with it: more bytes than
``max_query_bytes`` or more tokens than ``max_query_tokens`` and it is refused
with ``QUERY_TOO_LARGE``, never parsed, validated or cached; a number longer
than ``MAX_NUMBER_LENGTH`` is a syntax error. The tokens are
counted by graphql-core's lexer, which stops one past the limit; the token
limit also keeps graphql-core's overlapping-fields rule, quadratic in the
repeated selections of one field, from ever seeing thousands of them.

Rules given as ``first_rules`` (cheap checks such as ``RepeatedFieldsRule``)
run alone before the others: a document they refuse is never seen by
graphql-core's own rules.

Parsed documents and their validation errors are kept in one cache bounded
both by count and by the bytes of query text it holds (a parsed document
takes about 80 times its text), so distinct queries cannot pile up memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    Source,
    parse,
)
from graphql.language import Lexer, TokenKind
from graphql.validation import ASTValidationRule
from strawberry.schema.schema import validate_document

__all__ = [
    "DEFAULT_MAX_QUERY_BYTES",
    "DEFAULT_MAX_QUERY_TOKENS",
    "MAX_NUMBER_LENGTH",
    "CachedDocument",
    "DocumentCache",
    "DocumentCacheInfo",
    "DocumentLimits",
    "QueryTooLargeError",
    "check_query_tokens",
    "checked_query_size",
]

DEFAULT_MAX_QUERY_BYTES = 64 * 1024
DEFAULT_MAX_QUERY_TOKENS = 2_000
MAX_NUMBER_LENGTH = 100
"""Characters of the longest number a query may spell out."""

_NUMBERS = (TokenKind.INT, TokenKind.FLOAT)

Rules = tuple[type[ASTValidationRule], ...]


class QueryTooLargeError(GraphQLError):
    """A query has more bytes or tokens than the server accepts."""

    code = "QUERY_TOO_LARGE"

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": self.code})


@dataclass
class CachedDocument:
    """A parsed document and, once validated, its validation errors."""

    document: DocumentNode
    size: int
    errors: list[GraphQLError] | None = None


@dataclass(frozen=True)
class DocumentCacheInfo:
    """How a document cache has been used and what it holds."""

    hits: int
    misses: int
    validations: int
    documents: int
    bytes: int


class DocumentCache:
    """The most recently used documents, within a count and a size in bytes.

    ``size`` is the length in bytes of a document's query text; a document
    larger than the whole budget is not kept.
    """

    def __init__(self, *, max_documents: int, max_bytes: int) -> None:
        self._max_documents = max_documents
        self._max_bytes = max_bytes
        self._documents: OrderedDict[Hashable, CachedDocument] = OrderedDict()
        self._bytes = 0
        self._hits = self._misses = self._validations = 0

    def get(self, key: Hashable) -> CachedDocument | None:
        """The document cached under ``key``, now the most recently used."""
        found = self._documents.get(key)
        if found is None:
            self._misses += 1
            return None
        self._hits += 1
        self._documents.move_to_end(key)
        return found

    def add(self, key: Hashable, cached: CachedDocument) -> None:
        """Keep ``cached``, dropping the least recently used to make room."""
        if cached.size > self._max_bytes or key in self._documents:
            return
        self._documents[key] = cached
        self._bytes += cached.size
        while (
            len(self._documents) > self._max_documents or self._bytes > self._max_bytes
        ):
            _, dropped = self._documents.popitem(last=False)
            self._bytes -= dropped.size

    def validated(self, cached: CachedDocument, errors: list[GraphQLError]) -> None:
        """Record the validation errors of a cached document."""
        self._validations += 1
        cached.errors = errors

    def info(self) -> DocumentCacheInfo:
        """Counts of lookups and validations, and what the cache holds now."""
        return DocumentCacheInfo(
            hits=self._hits,
            misses=self._misses,
            validations=self._validations,
            documents=len(self._documents),
            bytes=self._bytes,
        )


def query_size(query: str) -> int:
    """The length of ``query`` in UTF-8 bytes."""
    return len(query.encode("utf-8", "surrogatepass"))


def has_more_tokens_than(query: str, limit: int) -> bool:
    """Whether ``query`` has more than ``limit`` tokens; lexes at most limit + 1.

    Raises graphql-core's syntax error for text that cannot be lexed, and for
    a number longer than ``MAX_NUMBER_LENGTH`` characters (validating one of
    more than 4,300 digits would make Python refuse to read it as an int).
    """
    source = Source(query)
    lexer = Lexer(source)
    for _ in range(limit + 1):
        token = lexer.advance()
        if token.kind is TokenKind.EOF:
            return False
        if token.kind in _NUMBERS and token.end - token.start > MAX_NUMBER_LENGTH:
            raise GraphQLSyntaxError(
                source,
                token.start,
                f"A number longer than {MAX_NUMBER_LENGTH} characters.",
            )
    return True


@dataclass(frozen=True)
class DocumentLimits:
    """Parses and validates queries within the limits, through the cache.

    A cached document is keyed by the schema, the validation rules and the
    query text.
    """

    cache: DocumentCache
    max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES
    max_query_tokens: int = DEFAULT_MAX_QUERY_TOKENS
    first_rules: Rules = ()

    def document(
        self, schema: GraphQLSchema, rules: Rules, query: str
    ) -> CachedDocument:
        """The query's document, cached; ``QueryTooLargeError`` past the limits.

        Raises graphql-core's syntax error for a query that does not parse.
        """
        size = checked_query_size(query, self.max_query_bytes)
        key = (schema, rules, query)
        cached = self.cache.get(key)
        if cached is None:
            check_query_tokens(query, self.max_query_tokens)
            cached = CachedDocument(parse(query), size)
            self.cache.add(key, cached)
        return cached

    def errors(
        self, schema: GraphQLSchema, rules: Rules, cached: CachedDocument
    ) -> list[GraphQLError]:
        """The document's validation errors, found the first time it is seen."""
        if cached.errors is None:
            self.cache.validated(cached, self._validate(schema, rules, cached.document))
        assert cached.errors is not None
        return cached.errors

    def _validate(
        self, schema: GraphQLSchema, rules: Rules, document: DocumentNode
    ) -> list[GraphQLError]:
        """The first rules' errors, or when there are none, all the rules'."""
        if self.first_rules:
            errors = validate_document(schema, document, self.first_rules)
            if errors:
                return errors
        return validate_document(schema, document, rules)


def checked_query_size(query: str, limit: int) -> int:
    """The query's size in bytes; ``QueryTooLargeError`` past ``limit``."""
    # a character is at least one byte: a huge query is never encoded
    if len(query) > limit or (size := query_size(query)) > limit:
        raise QueryTooLargeError(f"the query is larger than {limit} bytes")
    return size


def check_query_tokens(query: str, limit: int) -> None:
    """``QueryTooLargeError`` if the query has more than ``limit`` tokens."""
    if has_more_tokens_than(query, limit):
        raise QueryTooLargeError(f"the query has more than {limit} tokens")
