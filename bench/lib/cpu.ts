/**
 * CPU accounting (Linux /proc): this Node process, the DynamoDB Local JVM, and everything
 * else on the machine, so a report can say what a request costs on each side and whether
 * other work was competing for the cores during the run.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function procTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state ppid ... utime is field 14 overall, index 11 here; stime 12.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function machineTicks(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** The pid of the DynamoDB Local JVM this process started (a child running DynamoDBLocal.jar). */
export function findJvmPid(): number | undefined {
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid !== process.pid) continue;
        if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('DynamoDBLocal.jar')) return Number(name);
      } catch {
        /* gone */
      }
    }
  } catch {
    /* no /proc */
  }
  return undefined;
}

export interface CpuSample {
  nodeMs: number;
  jvmMs: number;
  machineBusyMs: number;
  machineTotalMs: number;
}

export function sampleCpu(jvmPid: number | undefined): CpuSample {
  const u = process.cpuUsage();
  const m = machineTicks();
  return {
    nodeMs: (u.user + u.system) / 1000,
    jvmMs: jvmPid ? procTicks(jvmPid) * TICK_MS : 0,
    machineBusyMs: m.busy * TICK_MS,
    machineTotalMs: m.total * TICK_MS,
  };
}

export function cpuDelta(a: CpuSample, b: CpuSample): CpuSample {
  return {
    nodeMs: b.nodeMs - a.nodeMs,
    jvmMs: b.jvmMs - a.jvmMs,
    machineBusyMs: b.machineBusyMs - a.machineBusyMs,
    machineTotalMs: b.machineTotalMs - a.machineTotalMs,
  };
}

export function addCpu(a: CpuSample, b: CpuSample): CpuSample {
  return {
    nodeMs: a.nodeMs + b.nodeMs,
    jvmMs: a.jvmMs + b.jvmMs,
    machineBusyMs: a.machineBusyMs + b.machineBusyMs,
    machineTotalMs: a.machineTotalMs + b.machineTotalMs,
  };
}

export const zeroCpu = (): CpuSample => ({ nodeMs: 0, jvmMs: 0, machineBusyMs: 0, machineTotalMs: 0 });
