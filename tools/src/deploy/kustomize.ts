// Renders kustomize/ with any set of its components, for the kustomize tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../services';
import { type K8sObject, parseDocs, run } from './support';

export const KUSTOMIZE_DIR = path.join(REPO_ROOT, 'kustomize');

/** The component folders under kustomize/components, sorted by name. */
export function componentNames(): string[] {
  return fs
    .readdirSync(path.join(KUSTOMIZE_DIR, 'components'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

let kustomizePath: string | undefined;

/** The kustomize binary: $KUSTOMIZE, else the one tools/provision.d/kustomize.sh builds into the Go bin folder, else PATH. */
export function kustomizeBinary(): string {
  kustomizePath ??= findKustomize();
  return kustomizePath;
}

function findKustomize(): string {
  if (process.env.KUSTOMIZE) return process.env.KUSTOMIZE;
  const goEnv = (name: string) => spawnSync('go', ['env', name], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const goBin = goEnv('GOBIN') || path.join(goEnv('GOPATH') || path.join(os.homedir(), 'go'), 'bin');
  const candidate = path.join(goBin, 'kustomize');
  return fs.existsSync(candidate) ? candidate : 'kustomize';
}

/** `kustomize build` of any folder; throws with kustomize's message when the build fails. */
export function kustomizeBuildDir(dir: string): K8sObject[] {
  const result = run(kustomizeBinary(), ['build', dir]);
  if (result.status !== 0) throw new Error(`kustomize build ${dir} failed: ${result.stderr}`);
  return parseDocs(result.stdout);
}

/**
 * `kustomize build` of kustomize/'s base with the given components, in this order, the way a user
 * enables them in kustomize/kustomization.yaml. The kustomization is written to a temporary folder
 * (kustomize refuses absolute paths, so it points at the repository relatively) and removed after.
 */
export function kustomizeBuild(components: readonly string[]): K8sObject[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutique-kustomize-'));
  try {
    const repo = path.relative(dir, KUSTOMIZE_DIR);
    const lines = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      `  - ${repo}/base`,
      components.length === 0 ? 'components: []' : 'components:',
      ...components.map((name) => `  - ${repo}/components/${name}`),
    ];
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), `${lines.join('\n')}\n`);
    return kustomizeBuildDir(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The identity of an object within one namespace: "Kind/name". */
export const objectKey = (object: K8sObject): string => `${object.kind}/${object.metadata?.name}`;

export interface Difference {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Which objects (by Kind/name) a render adds, removes or changes relative to another, each list sorted. */
export function difference(before: readonly K8sObject[], after: readonly K8sObject[]): Difference {
  const index = (objects: readonly K8sObject[]) =>
    new Map(objects.map((o) => [objectKey(o), JSON.stringify(sortKeys(o))]));
  const was = index(before);
  const is = index(after);
  return {
    added: [...is.keys()].filter((key) => !was.has(key)).sort(),
    removed: [...was.keys()].filter((key) => !is.has(key)).sort(),
    changed: [...is.keys()].filter((key) => was.has(key) && was.get(key) !== is.get(key)).sort(),
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** Every container image of every workload in a render (init containers included), sorted and de-duplicated. */
export function images(objects: readonly K8sObject[]): string[] {
  const found = new Set<string>();
  for (const object of objects) {
    const pod = object.spec?.template?.spec;
    for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) found.add(container.image);
  }
  return [...found].sort();
}
