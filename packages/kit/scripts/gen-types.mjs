// Generates TypeScript types for protos/demo.proto with proto-loader-gen-types, using the very
// loader options the services load the contract with (src/loader-options.json), so the types
// cannot disagree with the objects grpc-js hands to handlers.
//
//   node packages/kit/scripts/gen-types.mjs [outDir]   (default: packages/kit/src/generated)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const kitDir = path.resolve(import.meta.dirname, '..');
const repoDir = path.resolve(kitDir, '../..');
const outDir = path.resolve(process.argv[2] ?? path.join(kitDir, 'src/generated'));
const options = JSON.parse(readFileSync(path.join(kitDir, 'src/loader-options.json'), 'utf8'));

const flags = Object.entries(options).map(([key, value]) => (value === true ? `--${key}` : `--${key}=${value}`));
const generator = createRequire(import.meta.url).resolve('@grpc/proto-loader/build/bin/proto-loader-gen-types.js');

rmSync(outDir, { recursive: true, force: true });
// Relative paths, so the files name "protos/demo.proto" and not this machine's checkout path.
execFileSync(
  process.execPath,
  [
    generator,
    ...flags,
    '--includeComments',
    '--grpcLib=@grpc/grpc-js',
    '--includeDirs=protos',
    `--outDir=${outDir}`,
    'demo.proto',
  ],
  { stdio: 'inherit', cwd: repoDir },
);

const banner =
  '// This file is generated from protos/demo.proto by packages/kit/scripts/gen-types.mjs (npm run gen); do not edit.\n';
for (const file of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.ts')) continue;
  const target = path.join(outDir, file);
  writeFileSync(target, banner + readFileSync(target, 'utf8').replace(/^\/\/ Original file: .*\n/, ''));
}
