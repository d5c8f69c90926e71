// What a manifest says about the machine, the software and whether its numbers can be compared with others.
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface HostInfo { cpuModel: string; cores: number; memoryBytes: number; kernel: string; platform: string; loadAverage: number[] }
export interface Comparability { comparable: boolean; reasons: string[] }

export function hostInfo(): HostInfo {
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    kernel: os.release(),
    platform: `${os.platform()} ${os.arch()}`,
    loadAverage: os.loadavg(),
  };
}

/**
 * A run is comparable only on a quiet, dedicated machine. CI and small shared machines say no, with the reason,
 * so reports can put a banner on them.
 */
export function comparability(extraReasons: string[] = []): Comparability {
  const reasons = [...extraReasons];
  if (process.env.CI === 'true') reasons.push('CI machine');
  if (os.cpus().length <= 2) reasons.push(`only ${os.cpus().length} cores (load generator and servers share them)`);
  const load = os.loadavg()[0] ?? 0;
  if (load > os.cpus().length * 0.5) reasons.push(`busy machine at start (1-min load ${load.toFixed(2)})`);
  return { comparable: reasons.length === 0, reasons };
}

/** The git commit of the ow-eval checkout, or undefined outside a git checkout. */
export function gitSha(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
}

export function packageVersion(packageJsonPath: string): string {
  return (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string }).version;
}
