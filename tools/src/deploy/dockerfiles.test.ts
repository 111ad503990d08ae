// The eleven images: validated from their Dockerfiles (no Docker engine here), against the repository.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { IMAGES, SERVICES as LAUNCHED, REPO_ROOT, RUNTIME_ENV } from '../services';
import {
  copies,
  dockerignorePatterns,
  ignored,
  last,
  parseDockerfile,
  repositoryContext,
  type Stage,
  unproducedCopies,
} from './dockerfile';
import { depsStage, imageWorkspaces, staleFiles } from './images';
import { exists, read, SERVICES } from './support';
import { readWorkspaces, runtimeClosure, workspaceDirs } from './workspaces';

const dockerfiles = SERVICES.map((s) => ({ service: s, file: parseDockerfile(read(`${s.dir}/Dockerfile`)) }));
const runtime = (stages: Stage[]): Stage => stages.at(-1)!;
/** The Node flags `npm start` runs a service with (none for the load generator, a client). */
const nodeFlagsOf = (name: string): readonly string[] => LAUNCHED.find((spec) => spec.name === name)?.nodeFlags ?? [];
const ignore = dockerignorePatterns(read('.dockerignore'));
const rootPackage = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };
const graph = readWorkspaces(REPO_ROOT);
/** The words of a stage's RUN lines that run `npm ci`. */
const npmCi = (stage: Stage): string[][] =>
  stage.instructions.filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)).map((i) => i.args.split(/\s+/));
/** The --workspace folders of an npm command line. */
const workspaceFlags = (words: string[]): string[] =>
  words.flatMap((w, i) => (w === '--workspace' ? [words[i + 1]!] : [])).sort();

describe('Dockerfiles', () => {
  it('there is one Dockerfile per service, eleven in all', () => {
    assert.equal(dockerfiles.length, 11);
    for (const { service } of dockerfiles) assert.ok(exists(`${service.dir}/Dockerfile`), service.dir);
  });

  it('every Dockerfile and docker-bake.hcl is what npm run gen:dockerfiles makes of the services table', () => {
    assert.deepEqual(staleFiles(REPO_ROOT, IMAGES), [], 'run npm run gen:dockerfiles and commit the result');
  });

  it('every image is multi-stage: the build stage, its own production-dependency stage, then a distroless runtime', () => {
    for (const { service, file } of dockerfiles) {
      const names = file.stages.map((s) => s.name);
      const deps = `deps-${service.name}`;
      assert.ok(names.includes('build') && names.includes(deps), `${service.name}: stages ${names.join(', ')}`);
      assert.match(runtime(file.stages).from, /^gcr\.io\/distroless\/nodejs\d+-debian\d+:nonroot$/, service.name);
      const depsText = file.stages
        .find((s) => s.name === deps)!
        .instructions.map((i) => i.args)
        .join('\n');
      assert.match(depsText, /npm ci --omit=dev /, `${service.name}: deps omit dev`);
      assert.doesNotMatch(depsText, /--include-workspace-root|--include=dev/, `${service.name}: no root dev tools`);
      const modules = copies(runtime(file.stages)).filter((c) => c.dest === 'node_modules/');
      assert.deepEqual(modules, [{ from: deps, sources: ['/app/node_modules/'], dest: 'node_modules/' }], service.name);
    }
  });

  it('every image starts with the same stages, byte for byte, so a builder installs and compiles once for all eleven', () => {
    /** The text before the runtime stage's leading comment block. */
    const sharedPart = (text: string): string => {
      const lines = text.split('\n');
      let start = lines.findLastIndex((l) => l.startsWith('FROM '));
      while (start > 0 && lines[start - 1]!.startsWith('#')) start--;
      return lines.slice(0, start).join('\n');
    };
    const [first, ...rest] = dockerfiles.map(({ service }) => sharedPart(read(`${service.dir}/Dockerfile`)));
    assert.match(first!, /FROM manifests AS build\n/);
    for (const [i, text] of rest.entries()) assert.equal(text, first, dockerfiles[i + 1]!.service.name);
    for (const { service, file } of dockerfiles) {
      assert.equal(file.stages.length, dockerfiles[0]!.file.stages.length, service.name);
      assert.equal(runtime(file.stages).name, undefined, `${service.name}: only the last stage is the image's own`);
    }
  });

  it("the shared build compiles every image's workspaces with one npm ci and one tsc -b of all of them", () => {
    const build = dockerfiles[0]!.file.stages.find((s) => s.name === 'build')!;
    const installs = npmCi(build);
    assert.equal(installs.length, 1);
    const imageDirs = IMAGES.map((image) => image.dir).sort();
    const runtimeDirs = [...new Set(IMAGES.flatMap((image) => runtimeClosure(graph, image.dir)))].sort();
    assert.deepEqual(workspaceFlags(installs[0]!), runtimeDirs, 'npm ci installs the workspaces the images contain');
    const tsc = build.instructions.filter((i) => i.keyword === 'RUN' && /\btsc -b\b/.test(i.args));
    assert.equal(tsc.length, 1);
    assert.deepEqual(tsc[0]!.args.split(/\s+/).slice(3).sort(), imageDirs);
  });

  it("each image's production install holds exactly its workspaces: itself and its workspace dependencies, transitively", () => {
    for (const { service, file } of dockerfiles) {
      const deps = file.stages.find((s) => s.name === depsStage(service))!;
      assert.equal(deps.from, 'manifests', `${service.name}: installs from the manifests alone, not the sources`);
      const installs = npmCi(deps);
      assert.equal(installs.length, 1, service.name);
      assert.deepEqual(workspaceFlags(installs[0]!), runtimeClosure(graph, service.dir).sort(), service.name);
    }
  });

  it('build and runtime use one Node major, the one the repository pins', () => {
    const pinned = rootPackage.devDependencies.node!;
    assert.equal(read('.node-version').trim(), pinned);
    const major = pinned.split('.')[0];
    for (const { service, file } of dockerfiles) {
      assert.equal(file.globalArgs.NODE_VERSION, pinned, `${service.name}: ARG NODE_VERSION`);
      for (const stage of file.stages.slice(0, -1)) {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Docker/compose/bake interpolation syntax, not JavaScript
        if (stage.from.startsWith('node:')) assert.equal(stage.from, 'node:${NODE_VERSION}-trixie-slim', service.name);
      }
      assert.equal(/nodejs(\d+)-/.exec(runtime(file.stages).from)?.[1], major, `${service.name}: runtime Node major`);
    }
  });

  it('every runtime stage runs as uid/gid 1000 and keeps the workspace layout under /app', () => {
    for (const { service, file } of dockerfiles) {
      const stage = runtime(file.stages);
      assert.equal(last(stage, 'USER'), '1000:1000', service.name);
      assert.equal(last(stage, 'WORKDIR'), '/app', service.name);
      const dests = copies(stage).map((c) => c.dest);
      const workspaces = imageWorkspaces(graph, service);
      const expected = [
        'node_modules/',
        ...(workspaces.includes('packages/kit') ? ['protos/'] : []),
        // package.json goes into the workspace folder, the compiled output into its dist/.
        ...workspaces.flatMap((dir) => [`${dir}/`, `${dir}/dist/`]),
      ];
      for (const needed of expected) assert.ok(dests.includes(needed), `${service.name}: copies ${needed}`);
      // Only what it runs: no other workspace's output.
      const otherDist = dests.filter((d) => d.endsWith('/dist/') && !workspaces.includes(d.slice(0, -'/dist/'.length)));
      assert.deepEqual(otherDist, [], service.name);
    }
  });

  it("node is PID 1: the start command is exec form, with npm start's Node flags and the tracing preload on every service but the load generator", () => {
    for (const { service, file } of dockerfiles) {
      const cmd = last(runtime(file.stages), 'CMD');
      assert.ok(cmd?.startsWith('['), `${service.name}: CMD must be exec form`);
      assert.equal(last(runtime(file.stages), 'ENTRYPOINT'), undefined, `${service.name}: keeps node as entrypoint`);
      const expected =
        service.name === 'loadgenerator'
          ? [`${service.dir}/dist/main.js`]
          : [...nodeFlagsOf(service.name), '--require=@boutique/kit/tracing', `${service.dir}/dist/main.js`];
      assert.deepEqual(JSON.parse(cmd!), expected, service.name);
    }
  });

  it("every server image sets the launcher's runtime environment (MALLOC_ARENA_MAX)", () => {
    for (const { service, file } of dockerfiles) {
      if (service.name === 'loadgenerator') continue;
      for (const [name, value] of Object.entries(RUNTIME_ENV)) {
        assert.match(last(runtime(file.stages), 'ENV') ?? '', new RegExp(`(^| )${name}=${value}( |$)`), service.name);
      }
    }
  });

  it("each workspace's own npm start runs the image's command: same Node flags, runtime env and preload", () => {
    for (const spec of LAUNCHED) {
      const start = (JSON.parse(read(`${spec.dir}/package.json`)) as { scripts: { start: string } }).scripts.start;
      const env = Object.entries(RUNTIME_ENV).map(([name, value]) => `${name}=${value}`);
      assert.equal(
        start,
        [...env, 'node', ...spec.nodeFlags, '--require=@boutique/kit/tracing', 'dist/main.js'].join(' '),
        spec.name,
      );
    }
  });

  it('EXPOSE and the PORT default match the container port of the original', () => {
    for (const { service, file } of dockerfiles) {
      const stage = runtime(file.stages);
      if (service.port === undefined) {
        assert.equal(last(stage, 'EXPOSE'), undefined, service.name);
        continue;
      }
      assert.equal(last(stage, 'EXPOSE'), String(service.port), service.name);
      assert.match(last(stage, 'ENV') ?? '', new RegExp(`(^| )PORT=${service.port}( |$)`), service.name);
    }
  });

  it("the dependency stage copies every workspace's package.json (npm ci checks them all against the lockfile)", () => {
    const expected = [
      'package.json',
      'package-lock.json',
      ...workspaceDirs(REPO_ROOT).map((w) => `${w}/package.json`),
    ].sort();
    for (const { service, file } of dockerfiles) {
      const manifests = file.stages.find((s) => s.name === 'manifests')!;
      const copied = copies(manifests).flatMap((c) => c.sources);
      assert.deepEqual([...copied].sort(), expected, service.name);
    }
  });

  it('every COPY from the build context names a path that exists and that .dockerignore lets through', () => {
    for (const { service, file } of dockerfiles) {
      for (const stage of file.stages) {
        for (const copy of copies(stage).filter((c) => c.from === undefined)) {
          for (const source of copy.sources) {
            assert.ok(exists(source), `${service.name}: COPY ${source} (missing in the repository)`);
            assert.equal(
              ignored(source, ignore),
              false,
              `${service.name}: COPY ${source} is excluded by .dockerignore`,
            );
          }
        }
      }
    }
  });

  it('every COPY --from names something that stage produces (its COPYs from the context, npm ci, tsc -b and its references)', () => {
    const context = repositoryContext(REPO_ROOT);
    for (const { service, file } of dockerfiles) assert.deepEqual(unproducedCopies(file, context), [], service.name);
  });

  it('every asset folder of a workspace (data/, static/, ...) is copied into the runtime image', () => {
    const notAssets = new Set(['src', 'dist', 'node_modules', 'test', 'scripts']);
    for (const { service, file } of dockerfiles) {
      const folders = fs
        .readdirSync(path.join(REPO_ROOT, service.dir), { withFileTypes: true })
        .filter((d) => d.isDirectory() && !notAssets.has(d.name))
        .map((d) => `${service.dir}/${d.name}/`);
      const dests = copies(runtime(file.stages)).map((c) => c.dest);
      for (const folder of folders) assert.ok(dests.includes(folder), `${service.name}: ${folder} is not in the image`);
    }
  });

  it('.dockerignore keeps installed modules, build output, tests and VCS data out of the context', () => {
    for (const p of [
      'node_modules',
      'services/cartservice/node_modules',
      'frontend/dist',
      'packages/kit/dist/index.js',
      '.git',
      'services/cartservice/src/server.test.ts',
    ]) {
      assert.equal(ignored(p, ignore), true, p);
    }
    for (const p of [
      'package-lock.json',
      'protos/demo.proto',
      'tools/package.json',
      'packages/kit/src/index.ts',
      'frontend/static',
    ]) {
      assert.equal(ignored(p, ignore), false, p);
    }
  });
});

describe('docker-bake.hcl', () => {
  const hcl = read('docker-bake.hcl');
  const targets = [...hcl.matchAll(/^target "([a-z]+)" \{([\s\S]*?)\n\}/gm)].map((m) => ({ name: m[1]!, body: m[2]! }));

  it('builds all eleven images in the default group', () => {
    const group = /group "default" \{\s*targets = \[([^\]]*)\]/.exec(hcl)?.[1] ?? '';
    const names = [...group.matchAll(/"([a-z]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(names, SERVICES.map((s) => s.name).sort());
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: Docker/compose/bake interpolation syntax, not JavaScript
  it('each target uses its Dockerfile and tags ${REGISTRY}/<service>:${TAG}', () => {
    for (const service of SERVICES) {
      const target = targets.find((t) => t.name === service.name);
      assert.ok(target, service.name);
      assert.match(target.body, new RegExp(`dockerfile = "${service.dir}/Dockerfile"`));
      assert.match(target.body, new RegExp(`tags\\s+= \\["\\$\\{REGISTRY\\}/${service.name}:\\$\\{TAG\\}"\\]`));
      assert.match(target.body, /inherits\s+= \["_common"\]/);
    }
  });

  it('every image is built from the repository root for linux/amd64 and linux/arm64', () => {
    const common = /target "_common" \{([\s\S]*?)\n\}/.exec(hcl)?.[1] ?? '';
    assert.match(common, /context\s+= "\."/);
    assert.match(common, /platforms = \["linux\/amd64", "linux\/arm64"\]/);
    assert.match(hcl, /variable "REGISTRY" \{\s*default = "boutique"/);
    assert.match(hcl, /variable "TAG" \{\s*default = "0\.1\.0"/);
  });
});
