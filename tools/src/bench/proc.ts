import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

function statusField(pid: number, field: string): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process in MB (from /proc), or NaN when it is gone. */
export function rssMb(pid: number): number {
  return statusField(pid, 'VmRSS');
}

/**
 * A process's private memory in MB (RssAnon): its RSS without file-backed pages, most of which are
 * the node binary's code (about 50 MB), shared by every Node process on the host.
 */
export function privateMb(pid: number): number {
  return statusField(pid, 'RssAnon');
}

/** One row per process of a stack with its resident and private memory now. */
export function rssRows(
  pids: Record<string, number>,
  label: string,
): Array<{ name: string; rss_mb: number; private_mb: number }> {
  return Object.entries(pids).map(([service, pid]) => ({
    name: `${label} ${service}`,
    rss_mb: rssMb(pid),
    private_mb: privateMb(pid),
  }));
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
