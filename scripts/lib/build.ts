import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The repository root, found from this file (scripts/lib). */
export const ROOT = resolve(__dirname, '..', '..');

interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;

/** Every workspace folder, relative to the root, as the root package.json lists them. */
export function workspaceDirs(): string[] {
  return (manifest('.').workspaces ?? []).filter((dir) => existsSync(join(ROOT, dir, 'package.json')));
}

/** The folder of the workspace a package name belongs to. */
export function workspaceOf(name: string): string {
  const dir = workspaceDirs().find((candidate) => manifest(candidate).name === name);
  if (!dir) throw new Error(`no workspace is ${name}`);
  return dir;
}

/** The workspaces that build to dist/: those with a tsconfig.build.json. */
export function buildableWorkspaces(): string[] {
  return workspaceDirs().filter((dir) => existsSync(join(ROOT, dir, 'tsconfig.build.json')));
}

/**
 * The given workspaces and every workspace they depend on at runtime (`dependencies`, not
 * `devDependencies`), dependencies first: what a process needs beside node_modules.
 */
export function runtimeWorkspaces(dirs: string[]): string[] {
  const byName = new Map(workspaceDirs().map((dir) => [manifest(dir).name, dir]));
  const ordered: string[] = [];
  const visit = (dir: string) => {
    if (ordered.includes(dir)) return;
    for (const name of Object.keys(manifest(dir).dependencies ?? {})) {
      const dependency = byName.get(name);
      if (dependency) visit(dependency);
    }
    ordered.push(dir);
  };
  for (const dir of dirs) visit(dir);
  return ordered;
}

/** A folder given on the command line (absolute, or relative to where the command runs) as a workspace folder. */
export function asWorkspace(path: string, cwd = process.cwd()): string {
  const dir = relative(ROOT, resolve(cwd, path)) || '.';
  if (!workspaceDirs().includes(dir)) throw new Error(`${path} is not a workspace (${workspaceDirs().join(', ')})`);
  if (!existsSync(join(ROOT, dir, 'tsconfig.build.json'))) throw new Error(`${dir} has no tsconfig.build.json, so it does not build`);
  return dir;
}

/** What tsc writes into dist/; anything else there is a copied asset. */
const COMPILED = /\.(js|js\.map|d\.ts|d\.ts\.map|tsbuildinfo)$/;

/**
 * Copies what a package reads beside its code at runtime (its SDL files, every file under src/
 * that is not TypeScript) into dist/, at the same relative path, so `join(__dirname, …)` finds
 * them from either folder. Tests and the test kit stay out, as they do of the compiled code.
 */
export function copyAssets(dir: string): string[] {
  // An SDL file deleted from src/ must not linger in dist/: a subgraph loads every file in its folder.
  for (const entry of readdirSync(join(ROOT, dir, 'dist'), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !COMPILED.test(entry.name)) rmSync(join(entry.parentPath, entry.name));
  }
  const copied: string[] = [];
  const walk = (from: string) => {
    for (const entry of readdirSync(join(ROOT, dir, 'src', from), { withFileTypes: true })) {
      const path = join(from, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__tests__' && entry.name !== 'testing') walk(path);
      } else if (!entry.name.endsWith('.ts')) {
        const target = join(ROOT, dir, 'dist', path);
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(join(ROOT, dir, 'src', path), target);
        copied.push(join(dir, 'dist', path));
      }
    }
  };
  walk('');
  return copied;
}

/** Compiles the given workspaces and those they depend on (one `tsc -b` over their project graph), then copies their assets. */
export function build(dirs: string[]): { packages: string[]; assets: string[] } {
  const packages = runtimeWorkspaces(dirs).filter((dir) => existsSync(join(ROOT, dir, 'tsconfig.build.json')));
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', ...packages.map((dir) => join(ROOT, dir, 'tsconfig.build.json'))], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tsc -b failed (exit ${result.status ?? result.signal})`);
  return { packages, assets: packages.flatMap(copyAssets) };
}
