/*
 * Where the CPU of a bench's timed phase went, process by process (tests/bench/multiServer.ts):
 * user + system seconds from /proc/<pid>/stat for named groups of processes (the load generator,
 * each server process, nginx), the PostgreSQL backends serving one database (found by sampling
 * pg_stat_activity: a backend that appears during the run counts from 0, one that ends keeps its
 * last sample) and PostgreSQL's own background processes (WAL writer, checkpointer, …; shared by
 * every database of the cluster). The rest of the machine's busy time (/proc/stat) is other work.
 * From the total follows the floor: the two cores cannot finish the run's work in less than
 * total CPU seconds / cores.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS = 100;

/** Busy CPU seconds of the whole machine since boot (all cores). */
export function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f as [number, number, number, number, number, number, number, number];
  return (user + nice + system + irq + softirq + steal) / TICKS;
}

function statFields(pid: number, thread = false): string[] | null {
  try {
    const stat = readFileSync(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": [0] state, [1] ppid, …, [11] utime, [12] stime.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** User and system (kernel: sockets, …) CPU seconds of one process, all its threads; 0 when it is gone. */
function processTimes(pid: number, mainThread = false): [user: number, system: number] {
  const f = statFields(pid, mainThread);
  return f ? [Number(f[11]) / TICKS, Number(f[12]) / TICKS] : [0, 0];
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

export function childrenOf(pid: number): number[] {
  return allPids().filter((p) => Number(statFields(p)?.[1]) === pid);
}

/** The postmaster's pid (the parent of a backend). */
export function parentOf(pid: number): number {
  return Number(statFields(pid)?.[1] ?? 0);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** PostgreSQL's own processes (not a session's backend). */
const BACKGROUND = /: (walwriter|checkpointer|background writer|autovacuum launcher|logical replication launcher|archiver|walsender)/;

export interface LedgerLine {
  name: string;
  seconds: number;
  /** Of which in the kernel (system time). */
  system: number;
  /**
   * Of which the processes' main threads (a Node process's JavaScript, its event loop and the
   * GC's pauses); the rest is its other threads (V8's concurrent GC and optimising compiler, libuv's pool).
   */
  mainThread: number;
}

/**
 * CPU seconds of named process groups between `start()` and `stop()`. Backends are added while
 * the run goes (`seeBackends`, from the pg_stat_activity sampler).
 */
export class CpuLedger {
  private readonly groups = new Map<string, number[]>();
  private readonly first = new Map<number, [number, number]>();
  private readonly last = new Map<number, [number, number]>();
  /** The main thread's times of the groups' processes, at start and at stop. */
  private readonly mainFirst = new Map<number, number>();
  private readonly mainLast = new Map<number, number>();
  private readonly backends = new Set<number>();
  private postmaster = 0;
  private background: number[] = [];
  private machine0 = 0;
  private machineS = 0;
  private started = false;

  group(name: string, pids: readonly number[]): void {
    this.groups.set(name, [...pids]);
  }

  private track(pid: number, fromZero: boolean): void {
    const t = processTimes(pid);
    if (!this.first.has(pid)) this.first.set(pid, fromZero ? [0, 0] : t);
    if (t[0] + t[1] > 0) this.last.set(pid, t);
  }

  private sightings = 0;

  /** Backend pids of the bench's database, seen by a sample of pg_stat_activity. */
  seeBackends(pids: readonly number[]): void {
    // Known backends are read again every tenth sample only (one that ends keeps that reading).
    const refresh = this.sightings++ % 10 === 0;
    for (const pid of pids) {
      const known = this.backends.has(pid);
      this.backends.add(pid);
      if (!this.postmaster) this.postmaster = parentOf(pid);
      // Seen for the first time after the start: it connected during the run, count all of it.
      if (!known) this.track(pid, this.started);
      else if (refresh) this.track(pid, false);
    }
  }

  start(): void {
    if (this.postmaster) this.background = childrenOf(this.postmaster).filter((p) => BACKGROUND.test(cmdline(p)));
    for (const pids of this.groups.values()) for (const pid of pids) this.track(pid, false);
    for (const pids of this.groups.values()) for (const pid of pids) this.mainFirst.set(pid, processTimes(pid, true).reduce((a, b) => a + b));
    for (const pid of [...this.backends, ...this.background]) this.track(pid, false);
    this.machine0 = machineBusySeconds();
    this.started = true;
  }

  stop(): void {
    for (const pid of [...this.first.keys()]) this.track(pid, false);
    for (const pid of this.mainFirst.keys()) {
      const t = processTimes(pid, true).reduce((a, b) => a + b);
      if (t > 0) this.mainLast.set(pid, t);
    }
    this.machineS = machineBusySeconds() - this.machine0;
  }

  private line(name: string, pids: Iterable<number>): LedgerLine {
    let user = 0;
    let system = 0;
    let mainThread = 0;
    for (const pid of pids) {
      const a = this.first.get(pid) ?? [0, 0];
      const b = this.last.get(pid) ?? a;
      user += Math.max(0, b[0] - a[0]);
      system += Math.max(0, b[1] - a[1]);
      const m = this.mainFirst.get(pid);
      mainThread += m === undefined ? Math.max(0, b[0] - a[0] + b[1] - a[1]) : Math.max(0, (this.mainLast.get(pid) ?? m) - m);
    }
    return { name, seconds: user + system, system, mainThread };
  }

  /** Every group, then the backends and PostgreSQL's background processes, then the rest of the machine. */
  lines(): { lines: LedgerLine[]; ours: number; machine: number; other: number } {
    const lines: LedgerLine[] = [...this.groups.entries()].map(([name, pids]) => this.line(name, pids));
    lines.push(this.line(`PostgreSQL-backends (${this.backends.size})`, this.backends));
    lines.push(this.line('PostgreSQL baggrund (WAL-skriver m.fl., delt)', this.background));
    const ours = lines.reduce((a, l) => a + l.seconds, 0);
    return { lines, ours, machine: this.machineS, other: Math.max(0, this.machineS - ours) };
  }
}
