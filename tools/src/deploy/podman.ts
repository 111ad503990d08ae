// Podman, driven the way the image, compose and cluster checks need it: building the project's images
// with its own Dockerfiles, running hardened containers on a network of the test's own, and cleaning up.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../services';

/**
 * Every image is boutique/<service>:<tag>, as docker-bake.hcl, compose and the chart name them; the tag
 * is the chart's appVersion unless BOUTIQUE_IMAGE_TAG names another (to keep a run's images apart).
 */
export const IMAGE_REPOSITORY = 'boutique';
export const IMAGE_TAG = process.env.BOUTIQUE_IMAGE_TAG || '0.1.0';
/** The largest a service image may be: the runtime base is about 145 MB, each service adds about 40. */
export const MAX_IMAGE_BYTES = 200 * 1000 * 1000;

export const imageName = (service: string, tag = IMAGE_TAG): string => `${IMAGE_REPOSITORY}/${service}:${tag}`;

export interface PodmanResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs podman with these arguments; never throws for a non-zero exit (the caller decides). */
export function podman(args: readonly string[], options: { timeoutMs?: number; input?: string } = {}): PodmanResult {
  const result = spawnSync('podman', args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
    input: options.input,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs podman and returns its trimmed stdout; throws with podman's stderr when it fails. */
export function podmanOk(args: readonly string[], options: { timeoutMs?: number } = {}): string {
  const result = podman(args, options);
  if (result.status !== 0) throw new Error(`podman ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout.trim();
}

export const isPodmanAvailable = (): boolean => spawnSync('podman', ['--version']).status === 0;

export const imageExists = (name: string): boolean => podman(['image', 'exists', name]).status === 0;

/** An image's size in bytes as `podman images` reports it (all layers, uncompressed). */
export function imageBytes(name: string): number {
  return Number(podmanOk(['image', 'inspect', '--format', '{{.Size}}', name]));
}

/**
 * The base images the Dockerfiles build FROM (stage names and ARG defaults resolved), e.g.
 * node:24.21.0-trixie-slim. tools/provision.d/podman-base-images.sh makes local stand-ins of exactly these.
 */
export function baseImages(dockerfile: string): string[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const bases = new Set<string>();
  for (const line of dockerfile.split('\n')) {
    const arg = /^ARG\s+(\w+)=(\S+)/.exec(line);
    if (arg) args.set(arg[1]!, arg[2]!);
    // FROM [--platform=...] <image> [AS <stage>]
    const from = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (!from) continue;
    const image = from[1]!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => args.get(a ?? b) ?? '');
    if (!stages.has(image)) bases.add(image);
    if (from[2]) stages.add(from[2]);
  }
  return [...bases].sort();
}

/** Builds one image from the repository root with the project's Dockerfile; never pulls. Returns seconds taken. */
export function buildImage(dockerfile: string, tag: string): number {
  const started = performance.now();
  podmanOk(['build', '--pull=never', '--layers', '-f', dockerfile, '-t', tag, '.'], { timeoutMs: 20 * 60_000 });
  return (performance.now() - started) / 1000;
}

/** buildImage without blocking this process, so that several builds can run at once. Resolves with the seconds taken. */
export function buildImageAsync(dockerfile: string, tag: string): Promise<number> {
  const started = performance.now();
  const args = ['build', '--pull=never', '--layers', '-f', dockerfile, '-t', tag, '.'];
  return new Promise((resolve, reject) => {
    execFile(
      'podman',
      args,
      { cwd: REPO_ROOT, timeout: 20 * 60_000, maxBuffer: 256 * 1024 * 1024 },
      (err, _stdout, stderr) => {
        if (err) reject(new Error(`podman ${args.join(' ')} failed: ${stderr}`));
        else resolve((performance.now() - started) / 1000);
      },
    );
  });
}

/**
 * Builds every image, the first alone (it fills the cache with the stages all of them share) and the
 * rest `parallel` at a time. Returns one promise per tag, resolving with that build's seconds.
 */
export function buildAll(
  images: readonly { dockerfile: string; tag: string }[],
  parallel = 2,
): Map<string, Promise<number>> {
  const builds = new Map<string, Promise<number>>();
  const [first, ...rest] = images;
  if (!first) return builds;
  const firstBuild = buildImageAsync(first.dockerfile, first.tag);
  builds.set(first.tag, firstBuild);
  const queue = [...rest];
  const waiting = new Map<string, { resolve: (s: number) => void; reject: (e: unknown) => void }>();
  for (const image of rest) {
    builds.set(image.tag, new Promise<number>((resolve, reject) => waiting.set(image.tag, { resolve, reject })));
  }
  const worker = async () => {
    for (let image = queue.shift(); image; image = queue.shift()) {
      const settle = waiting.get(image.tag)!;
      await buildImageAsync(image.dockerfile, image.tag).then(settle.resolve, settle.reject);
    }
  };
  // A failed first build fails every other one with it rather than redoing the shared stages each time.
  firstBuild.then(
    () => Array.from({ length: parallel }, worker),
    (err: unknown) => {
      for (const settle of waiting.values()) settle.reject(err);
    },
  );
  for (const build of builds.values()) build.catch(() => undefined);
  return builds;
}

/** A name no other run uses, for the containers, networks and projects a check creates. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/**
 * Removes containers, networks and volumes by name, ignoring any that are already gone; returns what
 * could not be removed (empty when all went), each with podman's last complaint. A container whose
 * cleanup is still running (Podman's own `container cleanup` after a stop holds its lock) refuses a
 * first removal, so each is tried a few times.
 */
export function removeAll(what: { containers?: string[]; networks?: string[]; volumes?: string[] }): string[] {
  const kinds = [
    { kind: 'container', names: what.containers ?? [], rm: ['rm', '--force', '--time', '2', '--ignore'] },
    { kind: 'network', names: what.networks ?? [], rm: ['network', 'rm', '--force'] },
    { kind: 'volume', names: what.volumes ?? [], rm: ['volume', 'rm', '--force'] },
  ];
  const left: string[] = [];
  for (const { kind, names, rm } of kinds) {
    for (const name of names) {
      let complaint = '';
      for (let attempt = 1; attempt <= 5; attempt++) {
        const removal = podman([...rm, name]);
        if (podman([kind, 'exists', name]).status !== 0) break;
        complaint = removal.stderr.trim();
        if (attempt === 5) left.push(`${kind} ${name}${complaint ? ` (${complaint})` : ''}`);
        else sleepSync(1_000);
      }
    }
  }
  return left;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Polls until `check` returns a value (not undefined) or the time is up; throws with `describe()` then. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${options.timeoutMs / 1000} s waiting for ${what}${options.describe ? `\n${options.describe()}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1_000));
  }
}

/** Writes a figures file under test-results/ (git-ignored) for the run's report. */
export function recordFigures(name: string, figures: unknown): string {
  const file = path.join(REPO_ROOT, 'test-results', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  return file;
}

/** The host's view of a published port: "127.0.0.1:PORT" for a container port, from `podman port`. */
export function publishedAddress(container: string, containerPort: number): string {
  const out = execFileSync('podman', ['port', container, `${containerPort}/tcp`], { encoding: 'utf8' }).trim();
  const first = out.split('\n')[0] ?? '';
  if (!/^127\.0\.0\.1:\d+$/.test(first))
    throw new Error(`${container}:${containerPort} is not published on loopback: ${out}`);
  return first;
}
