import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

// W&B's custom scalars. JSONString carries JSON as a string; Int64 goes out as a JSON
// number (exact up to 2^53, which covers byte sizes up to 8 PiB); DateTime is ISO 8601.

function literalToJs(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map(literalToJs);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalToJs(f.value)]));
    default:
      return undefined;
  }
}

function toInt64(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw new GraphQLError(
      `Invalid Int64 value ${JSON.stringify(value)}: send a whole number up to 2^53.`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return number;
}

export const scalarResolvers = {
  JSON: new GraphQLScalarType({
    name: 'JSON',
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: literalToJs,
  }),
  JSONString: new GraphQLScalarType({
    name: 'JSONString',
    serialize: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
    parseValue: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
    parseLiteral: (node) =>
      node.kind === Kind.STRING ? node.value : JSON.stringify(literalToJs(node)),
  }),
  DateTime: new GraphQLScalarType({
    name: 'DateTime',
    serialize: (value) => (value instanceof Date ? value.toISOString() : value),
    parseValue: (value) => value,
  }),
  Int64: new GraphQLScalarType({
    name: 'Int64',
    serialize: toInt64,
    parseValue: toInt64,
    parseLiteral: (node) => toInt64(literalToJs(node)),
  }),
};
