/** Quotes a CSV field (RFC 4180). */
const field = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * A one-row SDMX-CSV file for a single edited cell, so a small edit goes through exactly the
 * same checks, release rules and audit as a file import.
 */
export function oneCellCsv(args: {
  release: string;
  indicator: string;
  period: string;
  dimensions?: readonly { dimension: string; code: string }[] | null;
  value?: number | null;
  status?: string | null;
  confidentiality?: string | null;
}): string {
  const columns = [
    'INDICATOR',
    'TIME_PERIOD',
    'OBS_VALUE',
    'OBS_STATUS',
    'CONF_STATUS',
    ...(args.dimensions ?? []).map((d) => d.dimension),
  ];
  const values = [
    args.indicator,
    args.period,
    args.value === null || args.value === undefined ? '' : String(args.value),
    args.status ?? '',
    args.confidentiality ?? '',
    ...(args.dimensions ?? []).map((d) => d.code),
  ];
  return `${columns.map(field).join(',')}\n${values.map(field).join(',')}\n`;
}
