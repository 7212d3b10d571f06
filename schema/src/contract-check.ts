import {
  type DefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  parse,
  print,
} from 'graphql';

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
 * Compares a subgraph's SDL with the contract's SDL for it and lists every difference as a message
 * naming the subgraph, type and field. An empty list means the subgraph follows the contract.
 */
export function checkContract(subgraph: string, actualSdl: string, contractSdl: string): string[] {
  const problems: string[] = [];
  const actual = shapeOf(actualSdl);
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
