// Reading a service's /metrics as Prometheus would: a real parser of the text format, and a strict
// check of every line against the exposition format (the parser forgives some mistakes).
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
// Values as Go's ParseFloat reads them, which ignores case in NaN and Inf (prom-client writes `Nan`).
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{(?:${LABEL}(?:,${LABEL})*)?\\})? (?:[Nn][Aa][Nn]|[+-]?[Ii][Nn][Ff]|[+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)(?: -?\\d+)?$`,
);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const HELP = new RegExp(`^# HELP ${NAME} .*$`);

/** Lines that break the text exposition format (a sample of a family never typed, a bad label…). */
export function expositionProblems(text: string): string[] {
  const problems: string[] = [];
  const typed = new Map<string, string>();
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const type = TYPE.exec(line);
    if (type) {
      if (typed.has(type[1]!)) problems.push(`line ${i + 1}: ${type[1]} typed twice`);
      typed.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('# HELP ')) {
      if (!HELP.test(line)) problems.push(`line ${i + 1}: malformed HELP: ${line}`);
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) {
      problems.push(`line ${i + 1}: not a sample: ${line}`);
      continue;
    }
    const name = sample[1]!;
    const family = typed.has(name) ? name : name.replace(/_(bucket|sum|count|created)$/, '');
    if (!typed.has(family)) problems.push(`line ${i + 1}: ${name} has no # TYPE before it`);
  }
  return problems;
}

export interface Scrape {
  text: string;
  families: PrometheusFamily[];
  /** The value of the counter or gauge sample of `name` whose labels include `labels` (undefined: none). */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Observations of a histogram with these labels (its `_count` line; the parser drops histograms' labels). */
  count(name: string, labels?: Record<string, string>): number | undefined;
}

/** GET /metrics of a service (origin or any URL on it), checked and parsed. */
export async function scrape(url: string): Promise<Scrape & { contentType: string | null; status: number }> {
  const res = await fetch(new URL('/metrics', url));
  const text = await res.text();
  const families = parsePrometheusTextFormat(text);
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    text,
    families,
    value(name, labels = {}) {
      const family = families.find((f) => f.name === name);
      const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
      if (!sample) return undefined;
      return Number(sample.value);
    },
    count(name, labels = {}) {
      for (const line of text.split('\n')) {
        const m = /^(\S+?)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (m?.[1] !== `${name}_count`) continue;
        const given = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
        if (Object.entries(labels).every(([k, v]) => given[k] === v)) return Number(m[3]);
      }
      return undefined;
    },
  };
}
