// The shape of one operation, measured before the gateway plans or fetches anything:
// depth, aliases and list sizes. Introspection (`__schema`, `__type`) is not counted there, so
// explorers keep working (the introspection query GraphiQL sends is 13 levels deep); it is measured
// on its own instead: how many `__schema` and `__type` fields, and how deep below them.
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
  /**
   * `__schema` and `__type` fields (aliases included), the deepest field below them (they are 1),
   * and the most lists nested below them (`types { fields { args … } } }` is 3). Lists are what
   * make introspection explode: `fields { type { fields { type { fields … } } } }` multiplies.
   */
  introspection: { schema: number; type: number; depth: number; lists: number };
}

const INTROSPECTION = new Set(['__schema', '__type']);
/** The list fields of the introspection types (__Schema, __Type, __Field, __Directive). */
const INTROSPECTION_LISTS = new Set(['types', 'directives', 'fields', 'args', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues']);
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
  const shape: QueryShape = {
    depth: 0,
    aliases: 0,
    longestList: undefined,
    tooLarge: false,
    introspection: { schema: 0, type: 0, depth: 0, lists: 0 },
  };
  let visits = 0;
  const spend = (): boolean => {
    visits += 1;
    if (visits > WALK_BUDGET) shape.tooLarge = true;
    return !shape.tooLarge;
  };

  // Below `__schema` / `__type`: only how deep it goes (the same walk budget bounds it).
  const walkIntrospection = (set: SelectionSetNode, depth: number, lists: number, path: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (shape.tooLarge) return;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !path.has(selection.name.value))
          walkIntrospection(fragment.selectionSet, depth, lists, new Set([...path, selection.name.value]));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walkIntrospection(selection.selectionSet, depth, lists, path);
      else if (spend()) {
        const nested = lists + (INTROSPECTION_LISTS.has(selection.name.value) ? 1 : 0);
        const seen = shape.introspection;
        seen.depth = Math.max(seen.depth, depth);
        seen.lists = Math.max(seen.lists, nested);
        if (selection.selectionSet) walkIntrospection(selection.selectionSet, depth + 1, nested, path);
      }
    }
  };

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
      if (INTROSPECTION.has(selection.name.value)) {
        shape.introspection.depth = Math.max(shape.introspection.depth, 1);
        if (selection.selectionSet) walkIntrospection(selection.selectionSet, 2, 0, path);
        continue;
      }
      if (!spend()) return;
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
  // Counted first, without expanding anything below them: a bomb of many aliases is counted whole.
  // Each fragment is counted once (memo), so fragments spread twice in each other stay linear.
  const memo = new Map<string, { schema: number; type: number }>();
  const countRoots = (set: SelectionSetNode, path: ReadonlySet<string>): { schema: number; type: number } => {
    const found = { schema: 0, type: 0 };
    const add = (n: { schema: number; type: number }) => {
      found.schema += n.schema;
      found.type += n.type;
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__schema') found.schema += 1;
        else if (selection.name.value === '__type') found.type += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) add(countRoots(selection.selectionSet, path));
      else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || path.has(name)) continue;
        if (!memo.has(name)) memo.set(name, countRoots(fragment.selectionSet, new Set([...path, name])));
        add(memo.get(name)!);
      }
    }
    return found;
  };
  const roots = countRoots(operation.selectionSet, new Set());
  shape.introspection.schema = roots.schema;
  shape.introspection.type = roots.type;
  walk(operation.selectionSet, 1, new Set());
  return shape;
}
