"""The schema as outside clients meet it: described, without clashes, with Node."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    is_introspection_type,
    is_specified_scalar_type,
)

from runcast.api.schema import create_schema
from tests.api.helpers import create_experiment, create_run
from tests.conftest import GraphQLClient


def graphql_schema() -> GraphQLSchema:
    """The graphql-core schema Runcast serves."""
    schema: GraphQLSchema = create_schema()._schema
    return schema


def undescribed(schema: GraphQLSchema) -> Iterator[str]:
    """Every type, field, argument and enum value without a description."""
    for name, type_ in schema.type_map.items():
        if is_introspection_type(type_) or is_specified_scalar_type(type_):
            continue
        if not type_.description:
            yield name
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in type_.fields.items():
                if not field.description:
                    yield f"{name}.{field_name}"
                yield from (
                    f"{name}.{field_name}({argument_name}:)"
                    for argument_name, argument in field.args.items()
                    if not argument.description
                )
        if isinstance(type_, GraphQLInputObjectType):
            yield from (
                f"{name}.{field_name}"
                for field_name, field in type_.fields.items()
                if not field.description
            )
        if isinstance(type_, GraphQLEnumType):
            yield from (
                f"{name}.{value_name}"
                for value_name, value in type_.values.items()
                if not value.description
            )


def members(schema: GraphQLSchema, type_: GraphQLNamedType) -> list[GraphQLObjectType]:
    """The object types a union holds or an interface's implementations."""
    if isinstance(type_, GraphQLUnionType):
        return list(type_.types)
    if isinstance(type_, GraphQLInterfaceType):
        return list(schema.get_implementations(type_).objects)
    return []


class TestSchemaContract:
    def test_every_schema_element_has_a_description(self) -> None:
        """No type, field, argument or enum value is left undescribed."""
        missing = list(undescribed(graphql_schema()))

        assert missing == []

    def test_union_and_interface_members_agree_on_shared_fields(self) -> None:
        """Fields of one name have one type across a union's or interface's
        members (deprecated ones aside), so a client needs no aliases."""
        schema = graphql_schema()
        clashes = []
        for name, type_ in schema.type_map.items():
            seen: dict[str, str] = {}
            for member in members(schema, type_):
                for field_name, field in member.fields.items():
                    if field.deprecation_reason:
                        continue
                    if seen.setdefault(field_name, str(field.type)) != str(field.type):
                        clashes.append(f"{name}: {member.name}.{field_name}")

        assert clashes == []

    def test_not_found_error_id_is_an_id(self) -> None:
        """`NotFoundError.id` is an `ID!`, like the ids it stands beside."""
        type_ = graphql_schema().get_type("NotFoundError")

        assert isinstance(type_, GraphQLObjectType)
        assert str(type_.fields["id"].type) == "ID!"

    def test_date_time_is_specified_by_rfc_3339(self) -> None:
        """`DateTime` points clients at the format it follows."""
        type_ = graphql_schema().get_type("DateTime")

        assert type_ is not None
        assert type_.specified_by_url == (  # type: ignore[attr-defined]
            "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
        )

    def test_experiment_and_run_implement_node(self) -> None:
        """Both are `Node`s, so `Query.node` can return either."""
        schema = graphql_schema()
        node = schema.get_type("Node")

        assert isinstance(node, GraphQLInterfaceType)
        assert {member.name for member in members(schema, node)} == {
            "Experiment",
            "Run",
        }


NODES = """
query ($experimentId: ID!, $runId: ID!, $unknownId: ID!) {
  experiment: node(id: $experimentId) { __typename id ... on Experiment { name } }
  run: node(id: $runId) { __typename id ... on Run { status } }
  unknown: node(id: $unknownId) { id }
}
"""


class TestNodeQuery:
    async def test_node_finds_experiments_and_runs_by_id(
        self, graphql: GraphQLClient
    ) -> None:
        """`node(id:)` answers an experiment, a run, or null for an unknown id."""
        # Arrange
        experiment = await create_experiment(graphql, "noded")
        run = await create_run(graphql, experiment["id"])

        # Act
        data = await graphql.data(
            NODES,
            {
                "experimentId": experiment["id"],
                "runId": run["id"],
                "unknownId": "00000000-0000-4000-8000-000000000000",
            },
        )

        # Assert
        assert data == {
            "experiment": {
                "__typename": "Experiment",
                "id": experiment["id"],
                "name": "noded",
            },
            "run": {"__typename": "Run", "id": run["id"], "status": "PENDING"},
            "unknown": None,
        }
