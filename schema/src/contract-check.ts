import { type DefinitionNode, type FieldDefinitionNode, type InputValueDefinitionNode, Kind, parse, print } from 'graphql';

// What @apollo/subgraph adds to `_service { sdl }` beyond the SDL it was built from: directive
// definitions, link/federation types, the _Any/_Service/_Entity machinery and the Query fields
// that serve them. checkContract leaves them out of the comparison.
const MACHINERY_TYPE = /^(_Any|_Service|_Entity|_FieldSet|link__.*|federation__.*)$/;
const MACHINERY_QUERY_FIELDS = new Set(['_entities', '_service']);

/** The subgraph's own definitions from its `_service { sdl }`, without federation machinery. */
export function withoutFederationMachinery(serviceSdl: string): string {
  const kept: DefinitionNode[] = [];
  for (const def of parse(serviceSdl).definitions) {
    if (def.kind === Kind.DIRECTIVE_DEFINITION) continue;
    if ('name' in def && def.name && MACHINERY_TYPE.test(def.name.value)) continue;
    if ((def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) && def.name.value === 'Query') {
      const fields = (def.fields ?? []).filter((f) => !MACHINERY_QUERY_FIELDS.has(f.name.value));
      if (fields.length > 0) kept.push({ ...def, fields });
      continue;
    }
    kept.push(def);
  }
  return print({ kind: Kind.DOCUMENT, definitions: kept });
}

type Shape = Map<string, Map<string, string>>;

function signature(field: FieldDefinitionNode | InputValueDefinitionNode): string {
  const args =
    'arguments' in field && field.arguments && field.arguments.length > 0
      ? `(${field.arguments.map((a) => `${a.name.value}: ${print(a.type)}`).join(', ')})`
      : '';
  return `${args}: ${print(field.type)}`;
}

function shapeOf(sdl: string): Shape {
  const shape: Shape = new Map();
  for (const def of parse(sdl).definitions as readonly DefinitionNode[]) {
    if (!('name' in def) || !def.name) continue;
    const members = new Map<string, string>();
    if ('fields' in def && def.fields) {
      for (const f of def.fields) members.set(f.name.value, signature(f));
    }
    if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
      for (const v of def.values ?? []) members.set(v.name.value, 'enum value');
    }
    shape.set(def.name.value, members);
  }
  return shape;
}

/**
 * Compares a subgraph's SDL (as written, or as served by `_service { sdl }`) with the contract's SDL
 * for it and lists every difference as a message naming the subgraph, type and field. An empty list
 * means the subgraph follows the contract.
 */
export function checkContract(subgraph: string, actualSdl: string, contractSdl: string): string[] {
  const problems: string[] = [];
  const actual = shapeOf(withoutFederationMachinery(actualSdl));
  const expected = shapeOf(contractSdl);
  for (const [type, fields] of expected) {
    const got = actual.get(type);
    if (!got) {
      problems.push(`${subgraph}: type ${type} is missing (the contract defines it)`);
      continue;
    }
    for (const [field, sig] of fields) {
      const actualSig = got.get(field);
      if (actualSig === undefined) problems.push(`${subgraph}: ${type}.${field} is missing (contract: ${field}${sig})`);
      else if (actualSig !== sig) problems.push(`${subgraph}: ${type}.${field} is ${field}${actualSig}, the contract says ${field}${sig}`);
    }
    for (const field of got.keys()) {
      if (!fields.has(field)) problems.push(`${subgraph}: ${type}.${field} is not in the contract`);
    }
  }
  for (const type of actual.keys()) {
    if (!expected.has(type)) problems.push(`${subgraph}: type ${type} is not in the contract`);
  }
  return problems;
}
