// Shared by the deploy-artifact tests: the repository's view of the eleven services, and thin wrappers
// around the real validators (helm, kubernetes-validate, docker-compose).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { IMAGES, isServer, REPO_ROOT } from '../services';

/** The Kubernetes version whose JSON schemas every object is validated against. */
export const KUBERNETES_VERSION = '1.35';

/** An image as the deploy tests see it: the services table (tools/src/services.ts), ports named as in the manifests. */
export interface DeployedService {
  name: string;
  /** Workspace folder, relative to the repository root. */
  dir: string;
  /** Container port (undefined for the load generator). */
  port?: number;
  /** Kubernetes Service port when it differs from the container port. */
  servicePort?: number;
}

/** The eleven images by name: the launcher's ten servers and the load generator. */
export const SERVICES: readonly DeployedService[] = IMAGES.map((spec) =>
  isServer(spec)
    ? { name: spec.name, dir: spec.dir, port: spec.containerPort, servicePort: spec.servicePort }
    : { name: spec.name, dir: spec.dir },
);

/** The ten services that serve traffic (everything but the load generator). */
export const SERVING = SERVICES.filter((s) => s.port !== undefined);
export const GRPC_SERVICES = SERVING.filter((s) => s.name !== 'frontend');

/** Env vars that only switch telemetry on; every other env var name must agree across the artifacts. */
export const TELEMETRY_ENV = new Set(['ENABLE_TRACING', 'COLLECTOR_SERVICE_ADDR', 'OTEL_SERVICE_NAME']);

export function read(rel: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');
}

export function exists(rel: string): boolean {
  return fs.existsSync(path.join(REPO_ROOT, rel));
}

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are checked field by field in the tests
export type K8sObject = Record<string, any>;

/** Every non-empty YAML document of a multi-document string. */
export function parseDocs(text: string): K8sObject[] {
  return YAML.parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0]?.message}`);
      return doc.toJSON() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

/** The YAML files of kubernetes-manifests/ except kustomization.yaml, sorted (names only). */
export function manifestFiles(): string[] {
  return fs
    .readdirSync(path.join(REPO_ROOT, 'kubernetes-manifests'))
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .sort();
}

/** The objects of every YAML file in kubernetes-manifests/ except kustomization.yaml. */
export function manifestObjects(): K8sObject[] {
  return manifestFiles().flatMap((f) => parseDocs(read(`kubernetes-manifests/${f}`)));
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata?.name === name);
}

let helmPath: string | undefined;

/**
 * The helm binary: $HELM, else the one tools/provision.d/deploy.sh builds into the Go bin folder, else PATH.
 * Looked up once (the `go env` calls cost a process each).
 */
export function helmBinary(): string {
  helmPath ??= findHelm();
  return helmPath;
}

function findHelm(): string {
  if (process.env.HELM) return process.env.HELM;
  const goBin =
    spawnSync('go', ['env', 'GOBIN'], { encoding: 'utf8' }).stdout?.trim() ||
    path.join(
      spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).stdout?.trim() || path.join(os.homedir(), 'go'),
      'bin',
    );
  const candidate = path.join(goBin, 'helm');
  return fs.existsSync(candidate) ? candidate : 'helm';
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const result = spawnSync(cmd, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Renders by JSON.stringify(sets): identical renders across tests run helm once. */
const renders = new Map<string, readonly K8sObject[]>();

/**
 * `helm template` of helm-chart/ with --set pairs; throws with helm's message when rendering fails.
 * Renders are memoized and shared, so they are deep-frozen: copy (structuredClone) before changing one.
 */
export function helmTemplate(sets: Record<string, string | number | boolean> = {}): K8sObject[] {
  const key = JSON.stringify(sets);
  let objects = renders.get(key);
  if (!objects) {
    const args = ['template', 'boutique', path.join(REPO_ROOT, 'helm-chart'), '--namespace', 'shop'];
    for (const [name, value] of Object.entries(sets)) args.push('--set', `${name}=${value}`);
    const result = run(helmBinary(), args);
    if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
    objects = deepFreeze(parseDocs(result.stdout));
    renders.set(key, objects);
  }
  return objects as K8sObject[];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Validates objects with kubernetes-validate --strict against KUBERNETES_VERSION's JSON schemas. */
export function kubernetesValidate(objects: readonly K8sObject[]): RunResult {
  return kubernetesValidateFiles({ objects });
}

/**
 * Validates several files of objects in one kubernetes-validate --strict run. Each entry becomes a file
 * named after its label (characters outside [A-Za-z0-9._=-] replaced by "-"), and the tool names that
 * file in every error, so a failure points at its label. Empty entries are left out.
 */
export function kubernetesValidateFiles(files: Record<string, readonly K8sObject[]>): RunResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutique-k8s-'));
  try {
    const paths: string[] = [];
    for (const [label, objects] of Object.entries(files)) {
      if (objects.length === 0) continue;
      const file = path.join(dir, `${label.replace(/[^A-Za-z0-9._=-]+/g, '-')}.yaml`);
      if (paths.includes(file)) throw new Error(`two labels map to the file name ${path.basename(file)}`);
      paths.push(file);
      // YAML 1.1 output quotes "yes"/"no"/"on" the way Kubernetes' own parser needs.
      fs.writeFileSync(file, objects.map((o) => YAML.stringify(o, { version: '1.1' })).join('---\n'));
    }
    if (paths.length === 0) throw new Error('no objects to validate');
    return run('python3', ['-m', 'kubernetes_validate', '-k', KUBERNETES_VERSION, '--strict', '--quiet', ...paths]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether an API group is Istio's (its CRDs are not in the Kubernetes schemas). */
export function isIstio(object: K8sObject): boolean {
  return /\.istio\.io\//.test(String(object.apiVersion));
}

/** The env of a Deployment's first container as a name → value map. */
export function containerEnv(deployment: K8sObject, index = 0): Record<string, string> {
  const env: { name: string; value?: string }[] = deployment.spec.template.spec.containers[index].env ?? [];
  return Object.fromEntries(env.map((e) => [e.name, e.value ?? '']));
}

/** Parses a Kubernetes quantity ("200m", "128Mi", "1") into a number (cores or bytes). */
export function quantity(value: string | number): number {
  const text = String(value);
  const match = /^([0-9.]+)(m|Ki|Mi|Gi|k|M|G)?$/.exec(text);
  if (!match) throw new Error(`not a quantity: ${text}`);
  const factor: Record<string, number> = { m: 1e-3, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, k: 1e3, M: 1e6, G: 1e9 };
  return Number(match[1]) * (match[2] ? (factor[match[2]] ?? 1) : 1);
}

/** Reads the compose file with YAML merge keys (<<) resolved. */
export function composeFile(): K8sObject {
  return YAML.parse(read('docker-compose.yml'), { merge: true }) as K8sObject;
}
