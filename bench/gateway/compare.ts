// Before anything is timed, every target must give the migfed gateway's answer: a faster
// gateway that answers differently is not faster. Answers are compared as JSON with object keys
// sorted; list order counts (the report's member order is part of the answer). Errors are compared
// by count and path, not by wording, which differs between gateways.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function normalize(value: Json): Json {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, normalize(value[k]!)]),
    );
  }
  return value;
}

export interface Answer {
  status: number;
  body: string;
}

export async function ask(url: string, body: string): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: await res.text() };
}

/** What is compared of an answer: its data and where errors are (not their messages). */
export function comparable(answer: Answer): string {
  try {
    const parsed = JSON.parse(answer.body) as { data?: Json; errors?: { path?: Json }[] };
    const errors = (parsed.errors ?? []).map((e) => e.path ?? null);
    return JSON.stringify(normalize({ data: parsed.data ?? null, errors }));
  } catch {
    return `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
  }
}

/** The first place two JSON texts differ, for the report (e.g. `data.countries.3.unhcr: null vs {…}`). */
export function firstDifference(a: string, b: string): string {
  const walk = (x: Json, y: Json, path: string): string | undefined => {
    if (JSON.stringify(x) === JSON.stringify(y)) return undefined;
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        const d = walk((x as Record<string, Json>)[k] ?? null, (y as Record<string, Json>)[k] ?? null, path ? `${path}.${k}` : k);
        if (d) return d;
      }
    }
    const show = (v: Json) => JSON.stringify(v)?.slice(0, 60) ?? 'undefined';
    return `${path || '(root)'}: ${show(x)} vs ${show(y)}`;
  };
  try {
    return walk(JSON.parse(a) as Json, JSON.parse(b) as Json, '') ?? 'identical';
  } catch {
    return `${a.slice(0, 80)} vs ${b.slice(0, 80)}`;
  }
}

/** Whether a direct subgraph answer is a clean one (its shape differs from the gateway's, so only that). */
export function cleanDirect(answer: Answer): boolean {
  const parsed = JSON.parse(answer.body) as { data?: { _entities?: unknown[] }; errors?: unknown[] };
  return answer.status === 200 && !parsed.errors && (parsed.data?._entities?.length ?? 0) > 0;
}
