import {
  type DefinitionNode,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  type ObjectTypeDefinitionNode,
  type OperationDefinitionNode,
  parse,
  print,
  type TypeNode,
} from 'graphql';

/**
 * Which fields of `Country` each provider deployment serves. A provider is one deployment, so two
 * providers must never serve the same field (the planner would pick either).
 */
export const PROVIDER_FIELDS: Readonly<Record<string, readonly string[]>> = {
  unhcr: ['unhcr', 'asylumApplicationsComparison'],
  undesa: ['undesa'],
};

type Named = DefinitionNode & { name: { value: string } };
const isNamed = (d: DefinitionNode): d is Named => 'name' in d && d.name !== undefined;

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** Every type a definition mentions: field types, argument types, input field types, interfaces. */
function referencedTypes(def: Named): string[] {
  const names: string[] = [];
  if ('interfaces' in def) for (const i of def.interfaces ?? []) names.push(i.name.value);
  if ('fields' in def) {
    for (const f of (def.fields ?? []) as readonly (FieldDefinitionNode | InputValueDefinitionNode)[]) {
      names.push(namedType(f.type));
      if ('arguments' in f) for (const a of f.arguments ?? []) names.push(namedType(a.type));
    }
  }
  if (def.kind === Kind.UNION_TYPE_DEFINITION) for (const t of def.types ?? []) names.push(t.name.value);
  return names;
}

/** Top-level field names of a `@requires(fields: "…")` selection. */
function requiredFields(field: FieldDefinitionNode): string[] {
  const requires = field.directives?.find((d) => d.name.value === 'requires');
  const arg = requires?.arguments?.find((a) => a.name.value === 'fields');
  if (!arg || arg.value.kind !== Kind.STRING) return [];
  const op = parse(`{ ${arg.value.value} }`).definitions[0] as OperationDefinitionNode;
  return op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

const external: ConstDirectiveNode = { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: 'external' } };

function countryType(definitions: readonly DefinitionNode[], kind: Kind, where: string) {
  const found = definitions.find((d) => d.kind === kind && isNamed(d) && d.name.value === 'Country');
  if (!found) throw new Error(`${where} defines no Country ${kind === Kind.INTERFACE_TYPE_DEFINITION ? 'interface' : 'type'}`);
  return found as ObjectTypeDefinitionNode;
}

/**
 * The SDL of one provider's subgraph from the provider template: `Country.iso3` and the provider's
 * own Country fields, the country contract's fields its `@requires` name (as `@external`), and every
 * type reachable from them, in template order. Copying the required fields and value types from the
 * country template keeps them identical to the members' (composition rejects any drift).
 */
export function buildProviderSdl(providerTemplate: string, countryTemplate: string, id: string): string {
  const own = PROVIDER_FIELDS[id];
  if (!own) throw new Error(`Unknown provider "${id}"; known providers: ${Object.keys(PROVIDER_FIELDS).join(', ')}`);
  const template = parse(providerTemplate).definitions;
  const contract = parse(countryTemplate).definitions;
  const country = countryType(template, Kind.OBJECT_TYPE_DEFINITION, 'provider.graphql');
  const kept = (country.fields ?? []).filter((f) => f.name.value === 'iso3' || own.includes(f.name.value));
  const missing = own.filter((name) => !kept.some((f) => f.name.value === name));
  if (missing.length > 0) throw new Error(`provider.graphql: Country has no field ${missing.join(', ')} (provider ${id})`);
  const contractFields = countryType(contract, Kind.INTERFACE_TYPE_DEFINITION, 'country.graphql').fields ?? [];
  const externals = [...new Set(kept.flatMap(requiredFields))].map((name) => {
    const field = contractFields.find((f) => f.name.value === name);
    if (!field) throw new Error(`provider.graphql: @requires names Country.${name}, which the country contract does not define`);
    return { ...field, directives: [...(field.directives ?? []), external] };
  });
  const providerCountry: ObjectTypeDefinitionNode = { ...country, fields: [...kept, ...externals] };

  // Own definitions win over the contract's (both declare the Territory stub).
  const pool = new Map<string, Named>();
  for (const d of [...contract, ...template]) if (isNamed(d) && d.name.value !== 'Country') pool.set(d.name.value, d);
  pool.set('Country', providerCountry as Named);
  const reached = new Set<string>();
  const queue = ['Country'];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const def = pool.get(name);
    if (!def || reached.has(name)) continue;
    reached.add(name);
    queue.push(...referencedTypes(def));
  }
  const ordered = [
    ...template,
    ...contract.filter((d) => isNamed(d) && !template.some((t) => isNamed(t) && t.name.value === d.name.value)),
  ];
  const definitions = ordered.flatMap((d): DefinitionNode[] => {
    if (d.kind === Kind.SCHEMA_EXTENSION) return [d];
    if (!isNamed(d) || !reached.has(d.name.value)) return [];
    return [d.name.value === 'Country' ? providerCountry : d];
  });
  return `${print({ kind: Kind.DOCUMENT, definitions })}\n`;
}
