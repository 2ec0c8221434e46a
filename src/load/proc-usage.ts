/**
 * A local process's CPU time and resident memory, read from Linux's /proc: the process and every
 * process below it (a cluster's workers, a shell's child), so `command: npm start` is measured
 * as the service it starts.
 *
 * CPU time comes from each thread's schedstat (nanoseconds of run time) rather than the stat
 * file's clock ticks (10 ms each): a round of one second at 200 requests spends perhaps 100 ms of
 * CPU, which ticks would quantise by 10 %. A thread that ends takes its schedstat with it, so a
 * round in which one ended is measured in ticks instead (stat keeps the time of ended threads,
 * and of children that were waited for).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcUsage {
  /** Run time of the live threads, in ns, plus the waited-for children's (from ticks). */
  cpuNs: number;
  /** The same from clock ticks only: user + system of every process, and of its waited-for children. */
  tickNs: number;
  /** Every live thread, as "pid/tid": a thread missing later means its schedstat time was lost. */
  threads: Set<string>;
  rssBytes: number;
  /** How many processes were read (the tree). */
  processes: number;
}

/** Linux's USER_HZ: the unit of stat's CPU times, 100 on every architecture Node.js runs on. */
const TICK_NS = 10_000_000;

export class ProcessGoneError extends Error {}

/** The usage of `pid` and its descendants; throws ProcessGoneError when `pid` itself is gone. */
export function readProcUsage(pid: number): ProcUsage {
  const root = processStat(pid);
  if (root === undefined) throw new ProcessGoneError(`process ${pid} is not running (no /proc/${pid})`);
  const tree = [pid, ...descendants(pid)];
  const usage: ProcUsage = { cpuNs: 0, tickNs: 0, threads: new Set(), rssBytes: 0, processes: 0 };
  for (const id of tree) {
    const stat = id === pid ? root : processStat(id);
    if (stat === undefined) continue;
    usage.processes++;
    const waited = (stat.cutime + stat.cstime) * TICK_NS;
    usage.tickNs += (stat.utime + stat.stime) * TICK_NS + waited;
    usage.cpuNs += waited;
    for (const tid of list(`/proc/${id}/task`)) {
      const ran = Number(read(`/proc/${id}/task/${tid}/schedstat`)?.split(' ')[0]);
      if (!Number.isFinite(ran)) continue;
      usage.cpuNs += ran;
      usage.threads.add(`${id}/${tid}`);
    }
    usage.rssBytes += residentBytes(id);
  }
  return usage;
}

/** CPU ns between two readings: schedstat's when no thread ended in between, else the ticks'. */
export function cpuBetween(before: ProcUsage, after: ProcUsage): number {
  const ended = [...before.threads].some((thread) => !after.threads.has(thread));
  return ended || after.cpuNs < before.cpuNs ? Math.max(0, after.tickNs - before.tickNs) : after.cpuNs - before.cpuNs;
}

interface Stat {
  ppid: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

function processStat(pid: number): Stat | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (text === undefined) return undefined;
  // The command name is in parentheses and may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return { ppid: field(4), utime: field(14), stime: field(15), cutime: field(16), cstime: field(17) };
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of list('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry));
    if (stat === undefined) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

function residentBytes(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`) ?? '')?.[1];
  return kib === undefined ? 0 : Number(kib) * 1024;
}

/** A file's text, or undefined when it is gone (a process or thread can end between two reads). */
function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function list(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Whether this machine has the /proc this reader needs. */
export function procAvailable(): boolean {
  return process.platform === 'linux' && read('/proc/self/stat') !== undefined;
}
