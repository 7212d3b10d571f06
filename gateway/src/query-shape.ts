// The shape of one operation, measured before the gateway plans or fetches anything:
// depth, aliases and list sizes. Introspection (`__schema`, `__type`) is not counted, so explorers
// keep working: the introspection query GraphiQL sends is 13 levels deep.
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface QueryShape {
  /** Deepest field, counting the root fields as 1. */
  depth: number;
  aliases: number;
  /** Longest list given to any argument (literal or variable), or the largest `limit`/`first`/`last`. */
  longestList: { size: number; argument: string } | undefined;
  /** True when fragments expand to more than the walk budget (a "fragment bomb"). */
  tooLarge: boolean;
}

const INTROSPECTION = new Set(['__schema', '__type']);
const PAGE_SIZE_ARGUMENTS = new Set(['limit', 'first', 'last']);
/** Field visits after which the walk gives up: far above any real report, far below a bomb. */
const WALK_BUDGET = 20_000;

type Longest = QueryShape['longestList'];
const longer = (a: Longest, b: Longest): Longest => (!a || (b && b.size > a.size) ? b : a);

/** The longest array anywhere inside a JSON value (variables may nest lists inside input objects). */
function longestInJson(value: unknown, argument: string): Longest {
  if (Array.isArray(value))
    return value.reduce<Longest>((acc, v) => longer(acc, longestInJson(v, argument)), { size: value.length, argument });
  if (value && typeof value === 'object')
    return Object.values(value).reduce<Longest>((acc, v) => longer(acc, longestInJson(v, argument)), undefined);
  return undefined;
}

function longestInLiteral(value: ValueNode, argument: string, variables: Record<string, unknown>): Longest {
  switch (value.kind) {
    case Kind.LIST:
      return value.values.reduce<Longest>((acc, v) => longer(acc, longestInLiteral(v, argument, variables)), {
        size: value.values.length,
        argument,
      });
    case Kind.OBJECT:
      return value.fields.reduce<Longest>((acc, f) => longer(acc, longestInLiteral(f.value, argument, variables)), undefined);
    case Kind.VARIABLE: {
      const given = variables[value.name.value];
      if (typeof given === 'number') return PAGE_SIZE_ARGUMENTS.has(argument) ? { size: given, argument } : undefined;
      return longestInJson(given, argument);
    }
    case Kind.INT:
      return PAGE_SIZE_ARGUMENTS.has(argument) ? { size: Number(value.value), argument } : undefined;
    default:
      return undefined;
  }
}

export function measureQuery(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): QueryShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const shape: QueryShape = { depth: 0, aliases: 0, longestList: undefined, tooLarge: false };
  let visits = 0;

  const walk = (set: SelectionSetNode, depth: number, path: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (shape.tooLarge) return;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A cycle is a validation error already; the guard only keeps this walk finite.
        if (fragment && !path.has(name)) walk(fragment.selectionSet, depth, new Set([...path, name]));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth, path);
        continue;
      }
      if (INTROSPECTION.has(selection.name.value)) continue;
      visits += 1;
      if (visits > WALK_BUDGET) {
        shape.tooLarge = true;
        return;
      }
      shape.depth = Math.max(shape.depth, depth);
      if (selection.alias) shape.aliases += 1;
      for (const arg of selection.arguments ?? []) {
        const argument = `${selection.name.value}(${arg.name.value}:)`;
        const found = longestInLiteral(arg.value, arg.name.value, variables);
        shape.longestList = longer(shape.longestList, found && { size: found.size, argument });
      }
      if (selection.selectionSet) walk(selection.selectionSet, depth + 1, path);
    }
  };
  walk(operation.selectionSet, 1, new Set());
  return shape;
}
