// The npm workspaces of a repository, read the way the images need them: which workspaces a service
// needs at run time (its package.json dependencies on other workspaces, transitively) and which ones
// `tsc -b` builds for it (its tsconfig.json project references, transitively).
import fs from 'node:fs';
import path from 'node:path';

export interface Workspace {
  /** The folder, relative to the repository root, e.g. "packages/kit". */
  dir: string;
  /** The package name, e.g. "@boutique/kit". */
  packageName: string;
  /** Workspaces (folders) named in package.json `dependencies`, the ones its image must contain. */
  dependencies: string[];
  /** Workspaces (folders) its tsconfig.json references, which `tsc -b` builds before it. */
  references: string[];
  /** Where tsc writes its output, relative to the workspace folder (tsconfig `outDir`). */
  outDir: string;
  /** Folders shipped as they are (data/, static/): every folder but sources, output and tooling. */
  assetDirs: string[];
}

export interface WorkspaceGraph {
  /** Every workspace by folder, in the order of the root package.json's `workspaces` (globs sorted). */
  workspaces: ReadonlyMap<string, Workspace>;
  /** The folders the root tsconfig.json references: what a bare `tsc -b` builds. */
  rootReferences: string[];
  /** The Node version the repository pins (root devDependencies.node). */
  nodeVersion: string;
}

/** Folders of a workspace that are never copied into an image as assets. */
const NOT_ASSETS = new Set(['src', 'dist', 'node_modules', 'test', 'scripts']);

/** Parses JSON with comments and trailing commas, as tsconfig.json files are written. */
export function parseJsonc(text: string): unknown {
  // Strings are matched first so that "//" or "/*" inside a string is kept.
  const stripped = text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_, str?: string) => str ?? '');
  return JSON.parse(
    stripped.replace(/("(?:\\.|[^"\\])*")|,(\s*[}\]])/g, (_, str?: string, close?: string) => str ?? close!),
  );
}

function readJson(file: string): Record<string, unknown> {
  return parseJsonc(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Every workspace folder the root package.json lists (a trailing /* expanded to its sub-folders with a package.json). */
export function workspaceDirs(root: string): string[] {
  const patterns = (readJson(path.join(root, 'package.json')).workspaces ?? []) as string[];
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return fs
      .readdirSync(path.join(root, parent))
      .filter((d) => fs.existsSync(path.join(root, parent, d, 'package.json')))
      .sort()
      .map((d) => `${parent}/${d}`);
  });
}

/** The project references of a tsconfig.json, as workspace folders relative to the root. */
function referencesOf(root: string, dir: string): string[] {
  const file = path.join(root, dir, 'tsconfig.json');
  if (!fs.existsSync(file)) return [];
  const refs = (readJson(file).references ?? []) as { path: string }[];
  return refs.map((ref) => path.posix.normalize(path.posix.join(dir, ref.path)).replace(/\/tsconfig\.json$/, ''));
}

/** Reads the workspaces of the repository at `root`. */
export function readWorkspaces(root: string): WorkspaceGraph {
  const dirs = workspaceDirs(root);
  const manifests = new Map(dirs.map((dir) => [dir, readJson(path.join(root, dir, 'package.json'))]));
  const dirByName = new Map([...manifests].map(([dir, manifest]) => [String(manifest.name), dir]));
  const workspaces = new Map<string, Workspace>();
  for (const dir of dirs) {
    const manifest = manifests.get(dir)!;
    const dependencies = Object.keys((manifest.dependencies ?? {}) as Record<string, string>)
      .map((name) => dirByName.get(name))
      .filter((d): d is string => d !== undefined);
    const tsconfig = path.join(root, dir, 'tsconfig.json');
    const compilerOptions = fs.existsSync(tsconfig)
      ? ((readJson(tsconfig).compilerOptions ?? {}) as { outDir?: string })
      : {};
    const outDir = path.posix.normalize(compilerOptions.outDir ?? 'dist');
    const assetDirs = fs
      .readdirSync(path.join(root, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !NOT_ASSETS.has(d.name) && d.name !== outDir)
      .map((d) => d.name)
      .sort();
    workspaces.set(dir, {
      dir,
      packageName: String(manifest.name),
      dependencies,
      references: referencesOf(root, dir),
      outDir,
      assetDirs,
    });
  }
  const rootPackage = readJson(path.join(root, 'package.json')) as { devDependencies?: Record<string, string> };
  const nodeVersion = rootPackage.devDependencies?.node;
  if (!nodeVersion) throw new Error('the root package.json pins no Node version (devDependencies.node)');
  return { workspaces, rootReferences: referencesOf(root, '.'), nodeVersion };
}

function closure(graph: WorkspaceGraph, starts: readonly string[], next: (w: Workspace) => string[]): string[] {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    const workspace = graph.workspaces.get(dir);
    if (!workspace) throw new Error(`${dir} is not a workspace of the root package.json`);
    seen.add(dir);
    for (const d of next(workspace)) visit(d);
  };
  for (const dir of starts) visit(dir);
  return [...graph.workspaces.keys()].filter((dir) => seen.has(dir));
}

/** The workspaces a workspace needs at run time: itself and its workspace dependencies, transitively. */
export function runtimeClosure(graph: WorkspaceGraph, dir: string): string[] {
  return closure(graph, [dir], (w) => w.dependencies);
}

/** The workspaces `tsc -b <dirs...>` builds: those projects and everything they reference, transitively. */
export function buildClosure(graph: WorkspaceGraph, dirs: readonly string[]): string[] {
  return closure(graph, dirs, (w) => w.references);
}
