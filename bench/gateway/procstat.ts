// CPU time and peak memory of a process and its children, from /proc (Linux). A gateway may fork
// workers (Hive's --fork), so every figure covers the whole tree below the pid we started.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux build that matters here

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** `/proc/<pid>/stat` fields after the command name (which may contain spaces). */
function statFields(pid: number): string[] | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** pid and every descendant. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(statFields(Number(entry))?.[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}

/** User + system CPU of the tree so far, in milliseconds (fields 14 and 15 of stat). */
export function cpuMs(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Peak resident set (VmHWM) of the tree, summed over its processes, in MiB. */
export function peakRssMiB(root: number): number {
  let kib = 0;
  for (const pid of processTree(root)) {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
    if (hwm) kib += Number(hwm[1]);
  }
  return Math.round(kib / 1024);
}

/** Current resident set (VmRSS) of the tree, in MiB. */
export function rssMiB(root: number): number {
  let kib = 0;
  for (const pid of processTree(root)) {
    const rss = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
    if (rss) kib += Number(rss[1]);
  }
  return Math.round(kib / 1024);
}
