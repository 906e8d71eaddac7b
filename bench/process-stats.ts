/** Process measurements the benches share: CPU seconds, the kernel's RSS figures, and a forced GC. */
import { readFileSync, writeFileSync } from 'node:fs';

/** User + system CPU seconds since `since` (`process.cpuUsage()`). */
export const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/** A field of /proc/self/status in MB (VmHWM: the RSS high-water mark; VmRSS: now); null off Linux. */
export const procStatusMb = (field: 'VmHWM' | 'VmRSS'): number | null => {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] === undefined ? null : Number(m[1]) / 1024;
  } catch {
    return null;
  }
};

/** VmHWM (kernel RSS high-water mark), MB; null where /proc is unavailable. */
export const vmHwmMb = (): number | null => procStatusMb('VmHWM');

/** Resets VmHWM to the current RSS (Linux `clear_refs` = 5); a no-op elsewhere. */
export const resetHwm = (): void => {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not permitted: VmHWM then includes earlier phases
  }
};

/** Two full collections when node runs with --expose-gc; nothing otherwise. */
export const collect = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
};
