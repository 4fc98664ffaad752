import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '@praxis/platform';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Self time per function (name and place) of one `--cpu-prof` file, largest first; idle and GC apart. */
export function selfTimes(file: string, window: Window, top = 12): { busyMs: number; idleMs: number; functions: SelfTime[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  inWindow(profile, window, (id, delta) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') {
      idle += frame.functionName === '(idle)' ? delta : 0;
      if (frame.functionName === '(idle)') return;
    }
    busy += delta;
    const place = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${place}`.trim();
    totals.set(key, (totals.get(key) ?? 0) + delta);
  });
  const functions = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: ms / busy }));
  return { busyMs: busy, idleMs: idle, functions };
}

/** Self time grouped by package (or the repo's own folder), to see which layer the time is in. */
export function selfTimeByPackage(file: string, window: Window, top = 8): SelfTime[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let busy = 0;
  inWindow(profile, window, (id, delta) => {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    busy += delta;
    totals.set(packageOf(frame.url, frame.functionName), (totals.get(packageOf(frame.url, frame.functionName)) ?? 0) + delta);
  });
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, ms, share: ms / busy }));
}

/** Milliseconds since the profile began: only the load, not start-up or shutdown, is counted. */
export interface Window {
  fromMs: number;
  toMs: number;
}

function inWindow(profile: CpuProfile, window: Window, visit: (id: number, deltaMs: number) => void): void {
  let elapsed = 0;
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    elapsed += (profile.timeDeltas[index] ?? 0) / 1000;
    if (elapsed >= window.fromMs && elapsed <= window.toMs) visit(id, delta);
  });
}

function shorten(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) return path.slice(modules + 'node_modules/'.length);
  return path.startsWith('/') ? relative(REPO_ROOT, path) : path;
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = shorten(url);
  if (url.includes('node_modules/')) {
    const parts = path.split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (path.startsWith('node:')) return 'node (built-in)';
  return path.split('/').slice(0, 2).join('/');
}

/** The profiles written in `dir`, by the pid in their names. */
export function profilesByPid(dir: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const name of readdirSync(dir)) {
    const pid = /^CPU\.\d+\.\d+\.(\d+)\./.exec(name)?.[1];
    if (pid) found.set(Number(pid), join(dir, name));
  }
  return found;
}
