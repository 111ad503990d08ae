// The one source of every Dockerfile and of docker-bake.hcl: the services table (tools/src/services.ts)
// and the workspaces' package.json and tsconfig.json files. `npm run gen:dockerfiles` writes them;
// dockerfiles.test.ts fails when a committed file differs from what this produces.
//
// Every Dockerfile has the same leading stages, byte for byte: every package.json and the lockfile,
// one `npm ci`, one `tsc -b` of every image's workspaces, and one production install per image. A
// builder that has built one image takes all of that from its cache for the next ten; only the runtime
// stage, the last one, differs.
import fs from 'node:fs';
import path from 'node:path';
import { type ImageSpec, isServer, RUNTIME_ENV } from '../services';
import { buildClosure, readWorkspaces, runtimeClosure, type WorkspaceGraph } from './workspaces';

/** The build stages' base image; its tag follows the repository's Node pin (ARG NODE_VERSION). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Docker interpolation syntax, not JavaScript
const BUILD_BASE = 'node:${NODE_VERSION}-trixie-slim';
/** The runtime base: distroless, no shell and no package manager; its entrypoint is node and it has the nonroot user. */
const runtimeBase = (nodeMajor: string) => `gcr.io/distroless/nodejs${nodeMajor}-debian13:nonroot`;
/** The preload that starts tracing, a no-op unless ENABLE_TRACING=1 or OTEL_EXPORTER_OTLP_ENDPOINT is set. */
export const TRACING_PRELOAD = '--require=@boutique/kit/tracing';
/** The package the tracing preload comes from. */
const KIT = '@boutique/kit';
/**
 * Paths outside its own folder that a workspace reads at run time, by package name: the kit loads
 * protos/demo.proto from the repository's protos/ folder, three levels up from its compiled files.
 */
const RUNTIME_FILES_OUTSIDE_WORKSPACE: Record<string, readonly string[]> = { [KIT]: ['protos/'] };
const NPM_FLAGS = '--ignore-scripts --no-audit --no-fund';
const NPM_CACHE = '--mount=type=cache,target=/root/.npm';

/** The stage holding an image's production node_modules. */
export const depsStage = (image: ImageSpec): string => `deps-${image.name}`;

/** The file an image's Dockerfile is written to, relative to the repository root. */
export const dockerfilePath = (image: ImageSpec): string => `${image.dir}/Dockerfile`;

/** The workspace folders an image contains, dependencies first; fails when `tsc -b` would not build one of them. */
export function imageWorkspaces(graph: WorkspaceGraph, image: ImageSpec): string[] {
  const runtime = runtimeClosure(graph, image.dir);
  const built = new Set(buildClosure(graph, [image.dir]));
  const unbuilt = runtime.filter((dir) => !built.has(dir));
  if (unbuilt.length > 0) {
    throw new Error(
      `${image.dir} depends on ${unbuilt.join(', ')} at run time, but \`tsc -b ${image.dir}\` does not build ` +
        'it: add it to the references of its tsconfig.json',
    );
  }
  // Dependencies before dependents, so that each image copies the kit before the service.
  const ordered: string[] = [];
  const entered = new Set<string>();
  const visit = (dir: string) => {
    if (ordered.includes(dir)) return;
    if (entered.has(dir)) throw new Error(`workspace dependency cycle through ${dir}`);
    entered.add(dir);
    for (const dependency of graph.workspaces.get(dir)!.dependencies) visit(dependency);
    ordered.push(dir);
  };
  visit(image.dir);
  return ordered;
}

/** An exec-form instruction argument: a JSON array, written the way people write it. */
const execForm = (args: readonly string[]): string => `[${args.map((a) => JSON.stringify(a)).join(', ')}]`;

/** One instruction over several lines: the words after the first line indented, one per line. */
const continued = (first: string, words: readonly string[]): string => [first, ...words].join(' \\\n    ');

function sharedStages(graph: WorkspaceGraph, images: readonly ImageSpec[]): string[] {
  const manifests = [...graph.workspaces.keys()].map((dir) => `COPY ${dir}/package.json ${dir}/`);
  const imageDirs = [...graph.workspaces.keys()].filter((dir) => images.some((image) => image.dir === dir));
  const compiled = buildClosure(graph, imageDirs);
  const workspaceFlags = (dirs: readonly string[]) => dirs.map((dir) => `--workspace ${dir}`);
  const deps = images.flatMap((image) => [
    `FROM manifests AS ${depsStage(image)}`,
    `RUN ${NPM_CACHE} npm ci --omit=dev ${NPM_FLAGS} ${workspaceFlags(imageWorkspaces(graph, image)).join(' ')}`,
  ]);
  return [
    `ARG NODE_VERSION=${graph.nodeVersion}`,
    '',
    "# JavaScript tooling runs on the builder's own platform: its output (JavaScript and pure-JS",
    '# node_modules, no native addons) is the same for linux/amd64 and linux/arm64.',
    `FROM --platform=$BUILDPLATFORM ${BUILD_BASE} AS manifests`,
    'WORKDIR /app',
    "# npm ci checks the lockfile against every workspace's package.json, so all of them come in.",
    'COPY package.json package-lock.json ./',
    ...manifests,
    '',
    "# Every image's workspaces compiled at once; dev dependencies (TypeScript, type packages) stay in this stage.",
    'FROM manifests AS build',
    continued(`RUN ${NPM_CACHE} npm ci ${NPM_FLAGS} --include-workspace-root`, workspaceFlags(compiled)),
    'COPY tsconfig.base.json ./',
    ...compiled.map((dir) => `COPY ${dir}/ ${dir}/`),
    continued('RUN npx tsc -b', imageDirs),
    '',
    '# One production install per image, of its own workspaces only: no dev dependencies, nothing of the',
    "# other services or of the tools workspace. A builder builds only the one its image's runtime stage uses.",
    ...deps,
  ];
}

function runtimeStage(graph: WorkspaceGraph, image: ImageSpec): string[] {
  const nodeMajor = graph.nodeVersion.split('.')[0]!;
  const workspaces = imageWorkspaces(graph, image).map((dir) => graph.workspaces.get(dir)!);
  const copies = workspaces.flatMap((w) => [
    ...(RUNTIME_FILES_OUTSIDE_WORKSPACE[w.packageName] ?? []).map((p) => `COPY ${p} ${p}`),
    `COPY --from=build /app/${w.dir}/package.json ${w.dir}/`,
    `COPY --from=build /app/${w.dir}/${w.outDir}/ ${w.dir}/${w.outDir}/`,
    ...w.assetDirs.map((asset) => `COPY ${w.dir}/${asset}/ ${w.dir}/${asset}/`),
  ]);
  const main = `${image.dir}/${graph.workspaces.get(image.dir)!.outDir}/main.js`;
  const lines = [
    `# The ${image.name} image. Build it from the repository root:`,
    `#   docker buildx bake ${image.name}        or        docker build -f ${dockerfilePath(image)} .`,
    "# Same Node major as the build stages. The workspace keeps the repository's layout under /app, so",
    '# node_modules/@boutique/* links resolve to the copied workspaces.',
    `FROM ${runtimeBase(nodeMajor)}`,
    'WORKDIR /app',
    `COPY --from=${depsStage(image)} /app/node_modules/ node_modules/`,
    ...copies,
  ];
  if (isServer(image)) {
    if (!workspaces.some((w) => w.packageName === KIT)) {
      throw new Error(`${image.dir} is a server but does not depend on ${KIT}, which its tracing preload comes from`);
    }
    const env = Object.entries({ NODE_ENV: 'production', PORT: String(image.containerPort), ...RUNTIME_ENV });
    lines.push(
      `ENV ${env.map(([name, value]) => `${name}=${value}`).join(' ')}`,
      '# uid/gid 1000 as in the manifests; nothing is written to the root filesystem (logs go to stdout).',
      'USER 1000:1000',
      `EXPOSE ${image.containerPort}`,
      '# node is the entrypoint and PID 1, so it receives SIGTERM directly.',
      `CMD ${execForm([...image.nodeFlags, TRACING_PRELOAD, main])}`,
    );
  } else {
    lines.push(
      'ENV NODE_ENV=production',
      '# uid/gid 1000 as in the manifests; nothing is written to the root filesystem (reports go to stdout).',
      'USER 1000:1000',
      '# node is the entrypoint and PID 1, so it receives SIGTERM directly.',
      `CMD ${execForm([main])}`,
    );
  }
  return lines;
}

/** The Dockerfile of one image. `images` is every image: the shared stages serve them all. */
export function dockerfile(graph: WorkspaceGraph, images: readonly ImageSpec[], image: ImageSpec): string {
  return [
    '# syntax=docker/dockerfile:1',
    '# Generated by `npm run gen:dockerfiles` (tools/src/deploy/images.ts) from tools/src/services.ts and the',
    "# workspaces' package.json and tsconfig.json files: edit those, not this file. Build context: the",
    '# repository root. Every image has these stages up to its runtime stage, byte for byte.',
    ...sharedStages(graph, images),
    '',
    ...runtimeStage(graph, image),
    '',
  ].join('\n');
}

/** docker-bake.hcl: every image, for linux/amd64 and linux/arm64, tagged ${REGISTRY}/<name>:${TAG}. */
export function bakeFile(images: readonly ImageSpec[]): string {
  const names = [...images].map((image) => image.name).sort();
  const byName = new Map(images.map((image) => [image.name, image]));
  return [
    '# Generated by `npm run gen:dockerfiles` (tools/src/deploy/images.ts) from tools/src/services.ts; do not edit.',
    '# Builds and tags all eleven images for linux/amd64 and linux/arm64:',
    '#   docker buildx bake                                            # build both platforms (cache only)',
    '#   REGISTRY=ghcr.io/you/boutique TAG=0.1.0 docker buildx bake --push',
    "#   docker buildx bake --set '*.platform=linux/amd64' --load      # one platform into the local engine",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bake interpolation syntax, not JavaScript
    '# Every image is named ${REGISTRY}/<service>:${TAG}, the scheme the manifests, the chart',
    '# (images.repository / images.tag) and docker-compose.yml use. The Dockerfiles share their build',
    '# stages, so bake installs and compiles once for all eleven.',
    '',
    'variable "REGISTRY" {',
    '  default = "boutique"',
    '}',
    '',
    'variable "TAG" {',
    '  default = "0.1.0"',
    '}',
    '',
    'group "default" {',
    '  targets = [',
    ...names.map((name) => `    "${name}",`),
    '  ]',
    '}',
    '',
    '# Shared by every image: the repository root as context, both platforms, OCI labels.',
    'target "_common" {',
    '  context   = "."',
    '  platforms = ["linux/amd64", "linux/arm64"]',
    '  labels = {',
    '    "org.opencontainers.image.licenses" = "Apache-2.0"',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bake interpolation syntax, not JavaScript
    '    "org.opencontainers.image.version"  = "${TAG}"',
    '  }',
    '}',
    ...names.flatMap((name) => [
      '',
      `target "${name}" {`,
      '  inherits   = ["_common"]',
      `  dockerfile = "${dockerfilePath(byName.get(name)!)}"`,
      `  tags       = ["\${REGISTRY}/${name}:\${TAG}"]`,
      '}',
    ]),
    '',
  ].join('\n');
}

/** Every generated file by path relative to `root`: each image's Dockerfile and docker-bake.hcl. */
export function generatedFiles(root: string, images: readonly ImageSpec[]): Map<string, string> {
  const graph = readWorkspaces(root);
  const files = new Map(images.map((image) => [dockerfilePath(image), dockerfile(graph, images, image)]));
  files.set('docker-bake.hcl', bakeFile(images));
  return files;
}

/** The generated files whose committed content differs (or that are missing). */
export function staleFiles(root: string, images: readonly ImageSpec[]): string[] {
  return [...generatedFiles(root, images)]
    .filter(
      ([file, text]) =>
        !fs.existsSync(path.join(root, file)) || fs.readFileSync(path.join(root, file), 'utf8') !== text,
    )
    .map(([file]) => file);
}
