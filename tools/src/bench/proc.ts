import { readFileSync } from 'node:fs';

/** Resident memory of a process in MB (from /proc), or NaN when it is gone. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** One row per process of a stack with its resident memory now. */
export function rssRows(pids: Record<string, number>, label: string): Array<{ name: string; rss_mb: number }> {
  return Object.entries(pids).map(([service, pid]) => ({ name: `${label} ${service}`, rss_mb: rssMb(pid) }));
}
