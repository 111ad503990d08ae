// The Dockerfile generator and the stage model on small fixture repositories: a kit, a gRPC server and a
// load generator that does or does not use the kit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ImageSpec, ServiceSpec } from '../services';
import { copies, parseDockerfile, repositoryContext, unproducedCopies } from './dockerfile';
import { dockerfile, dockerfilePath, generatedFiles, imageWorkspaces, staleFiles } from './images';
import { readWorkspaces } from './workspaces';

const SHIPPING: ServiceSpec = {
  name: 'shippingservice',
  dir: 'services/shippingservice',
  localPort: 50051,
  containerPort: 50051,
  health: 'grpc',
  nodeFlags: ['--max-old-space-size=64'],
};
const LOADGENERATOR: ImageSpec = { name: 'loadgenerator', dir: 'services/loadgenerator' };
const IMAGES = [LOADGENERATOR, SHIPPING];

const fixtures: string[] = [];
after(() => {
  for (const dir of fixtures) fs.rmSync(dir, { recursive: true, force: true });
});

interface FixtureOptions {
  /** The load generator's package.json depends on @boutique/kit. */
  loadgenDependsOnKit: boolean;
  /** The load generator's tsconfig.json references the kit. */
  loadgenReferencesKit: boolean;
  /** The shipping service's package.json depends on @boutique/kit (default true). */
  shippingDependsOnKit?: boolean;
}

/** A repository with the shape of ours, in a fresh temporary folder. */
function fixture(options: FixtureOptions): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'boutique-images-'));
  fixtures.push(root);
  const write = (rel: string, content: unknown) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };
  const workspace = (dir: string, name: string, dependsOnKit: boolean, referencesKit: boolean) => {
    write(`${dir}/package.json`, { name, dependencies: dependsOnKit ? { '@boutique/kit': '0.1.0' } : {} });
    // A comment and a trailing comma, as hand-written tsconfig files have.
    write(
      `${dir}/tsconfig.json`,
      `{\n  // compiled into dist\n  "compilerOptions": { "rootDir": "src", "outDir": "dist" },\n  "references": [${
        referencesKit ? '{ "path": "../../packages/kit" },' : ''
      }]\n}\n`,
    );
    write(`${dir}/src/main.ts`, 'export {};\n');
  };
  write('package.json', {
    name: 'fixture',
    workspaces: ['packages/*', 'services/*'],
    devDependencies: { node: '24.21.0' },
  });
  write('package-lock.json', { lockfileVersion: 3 });
  write('tsconfig.base.json', {});
  write('.dockerignore', '**/node_modules\n**/dist\n');
  write('protos/demo.proto', 'syntax = "proto3";\n');
  write('packages/kit/package.json', { name: '@boutique/kit' });
  write('packages/kit/tsconfig.json', { compilerOptions: { rootDir: 'src', outDir: 'dist' } });
  write('packages/kit/src/index.ts', 'export {};\n');
  // What a local build leaves behind; .dockerignore keeps it out of the context.
  write('packages/kit/dist/index.js', '');
  const shippingUsesKit = options.shippingDependsOnKit ?? true;
  workspace('services/shippingservice', '@boutique/shippingservice', shippingUsesKit, shippingUsesKit);
  workspace(
    'services/loadgenerator',
    '@boutique/loadgenerator',
    options.loadgenDependsOnKit,
    options.loadgenReferencesKit,
  );
  write('services/loadgenerator/data/journeys.json', '[]');
  return root;
}

/** The fixture's generated Dockerfile of one image, parsed. */
function generated(root: string, image: ImageSpec) {
  const text = dockerfile(readWorkspaces(root), IMAGES, image);
  return { text, file: parseDockerfile(text) };
}

const runtimeDests = (file: ReturnType<typeof parseDockerfile>): string[] =>
  copies(file.stages.at(-1)!).map((c) => c.dest);

describe('Dockerfile generator', () => {
  it('a load generator without the kit → its image has neither the kit nor protos/, and every COPY --from is produced', () => {
    const root = fixture({ loadgenDependsOnKit: false, loadgenReferencesKit: false });
    const { file } = generated(root, LOADGENERATOR);
    assert.deepEqual(runtimeDests(file), [
      'node_modules/',
      'services/loadgenerator/',
      'services/loadgenerator/dist/',
      'services/loadgenerator/data/',
    ]);
    assert.deepEqual(unproducedCopies(file, repositoryContext(root)), []);
    assert.match(
      file.stages.find((s) => s.name === 'deps-loadgenerator')!.instructions[0]!.args,
      / --workspace services\/loadgenerator$/,
    );
  });

  it("a load generator that depends on the kit → its image copies the kit's package.json, dist/ and protos/, all produced", () => {
    const root = fixture({ loadgenDependsOnKit: true, loadgenReferencesKit: true });
    const { file } = generated(root, LOADGENERATOR);
    assert.deepEqual(runtimeDests(file), [
      'node_modules/',
      'protos/',
      'packages/kit/',
      'packages/kit/dist/',
      'services/loadgenerator/',
      'services/loadgenerator/dist/',
      'services/loadgenerator/data/',
    ]);
    assert.deepEqual(unproducedCopies(file, repositoryContext(root)), []);
    assert.match(
      file.stages.find((s) => s.name === 'deps-loadgenerator')!.instructions[0]!.args,
      / --workspace packages\/kit --workspace services\/loadgenerator$/,
    );
    // Still a client: no port, no tracing preload.
    assert.deepEqual(JSON.parse(file.stages.at(-1)!.instructions.find((i) => i.keyword === 'CMD')!.args), [
      'services/loadgenerator/dist/main.js',
    ]);
  });

  it('a workspace dependency its tsconfig.json does not reference → refused, since tsc -b would not build it', () => {
    const root = fixture({ loadgenDependsOnKit: true, loadgenReferencesKit: false });
    assert.throws(
      () => imageWorkspaces(readWorkspaces(root), LOADGENERATOR),
      /services\/loadgenerator depends on packages\/kit .*references of its tsconfig\.json/,
    );
  });

  it('a server that does not depend on the kit → refused, since its tracing preload comes from the kit', () => {
    const root = fixture({ loadgenDependsOnKit: false, loadgenReferencesKit: false, shippingDependsOnKit: false });
    assert.throws(() => generated(root, SHIPPING), /shippingservice is a server but does not depend on @boutique\/kit/);
  });

  it("a server's runtime stage: the table's port, Node flags and tracing preload, as uid 1000", () => {
    const root = fixture({ loadgenDependsOnKit: false, loadgenReferencesKit: false });
    const { file } = generated(root, SHIPPING);
    const runtime = file.stages.at(-1)!;
    const value = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
    assert.equal(value('EXPOSE'), '50051');
    assert.equal(value('ENV'), 'NODE_ENV=production PORT=50051 MALLOC_ARENA_MAX=2');
    assert.equal(value('USER'), '1000:1000');
    assert.deepEqual(JSON.parse(value('CMD')!), [
      '--max-old-space-size=64',
      '--require=@boutique/kit/tracing',
      'services/shippingservice/dist/main.js',
    ]);
    assert.equal(runtime.from, 'gcr.io/distroless/nodejs24-debian13:nonroot');
  });

  it('two images of one repository share every stage before their runtime stage, character for character', () => {
    const root = fixture({ loadgenDependsOnKit: false, loadgenReferencesKit: false });
    const shared = (text: string) => text.slice(0, text.indexOf('\n# The '));
    assert.equal(shared(generated(root, SHIPPING).text), shared(generated(root, LOADGENERATOR).text));
    assert.ok(shared(generated(root, SHIPPING).text).includes('FROM manifests AS deps-shippingservice'));
  });

  it('a committed file that differs from the generated one is reported stale, and a regenerated one is not', () => {
    const root = fixture({ loadgenDependsOnKit: false, loadgenReferencesKit: false });
    assert.deepEqual(staleFiles(root, IMAGES).sort(), [
      'docker-bake.hcl',
      dockerfilePath(LOADGENERATOR),
      dockerfilePath(SHIPPING),
    ]);
    for (const [file, text] of generatedFiles(root, IMAGES)) fs.writeFileSync(path.join(root, file), text);
    assert.deepEqual(staleFiles(root, IMAGES), []);
    fs.appendFileSync(path.join(root, dockerfilePath(SHIPPING)), 'RUN true\n');
    assert.deepEqual(staleFiles(root, IMAGES), [dockerfilePath(SHIPPING)]);
  });
});

describe('stage model (COPY --from sources)', () => {
  const root = fixture({ loadgenDependsOnKit: false, loadgenReferencesKit: false });
  const check = (text: string) => unproducedCopies(parseDockerfile(text), repositoryContext(root));

  it("tsc -b of the load generator alone does not build the kit, so copying the kit's dist/ is flagged", () => {
    // The shape of the load generator's Dockerfile before the images were generated.
    const old = [
      'FROM node:24 AS manifests',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'FROM manifests AS build',
      'RUN npm ci --workspace packages/kit --workspace services/loadgenerator',
      'COPY packages/kit/ packages/kit/',
      'COPY services/loadgenerator/ services/loadgenerator/',
      'RUN npx tsc -b services/loadgenerator',
      'FROM gcr.io/distroless/nodejs24-debian13:nonroot',
      'COPY --from=build /app/node_modules/ node_modules/',
      'COPY --from=build /app/packages/kit/package.json packages/kit/',
      'COPY --from=build /app/packages/kit/dist/ packages/kit/dist/',
      'COPY --from=build /app/services/loadgenerator/dist/ services/loadgenerator/dist/',
    ].join('\n');
    assert.deepEqual(check(old), ['build: /app/packages/kit/dist/']);
    // Building the kit too (or the load generator referencing it) makes the same copy valid.
    assert.deepEqual(
      check(old.replace('tsc -b services/loadgenerator', 'tsc -b packages/kit services/loadgenerator')),
      [],
    );
  });

  it('a path the context does not have, or .dockerignore drops, is flagged; so is node_modules/ from a stage without npm ci', () => {
    const text = [
      'FROM node:24 AS build',
      'WORKDIR /app',
      'COPY packages/kit/ packages/kit/',
      'COPY protos/ protos/',
      'FROM build AS later',
      'FROM scratch',
      'COPY --from=later /app/protos/demo.proto /app/packages/kit/src/index.ts protos/',
      'COPY --from=build /app/protos/missing.proto protos/',
      'COPY --from=build /app/packages/kit/dist/index.js packages/kit/dist/',
      'COPY --from=build /app/node_modules/ node_modules/',
    ].join('\n');
    assert.deepEqual(check(text), [
      'build: /app/protos/missing.proto',
      'build: /app/packages/kit/dist/index.js',
      'build: /app/node_modules/',
    ]);
  });
});
