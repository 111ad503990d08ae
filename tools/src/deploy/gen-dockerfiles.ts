// `npm run gen:dockerfiles`: writes every image's Dockerfile and docker-bake.hcl from the services table.
// With --check it writes nothing and exits 1 when a committed file is stale.
import fs from 'node:fs';
import path from 'node:path';
import { IMAGES, REPO_ROOT } from '../services';
import { generatedFiles, staleFiles } from './images';

const stale = staleFiles(REPO_ROOT, IMAGES);
if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    process.stderr.write(`stale (run npm run gen:dockerfiles): ${stale.join(', ')}\n`);
    process.exit(1);
  }
  process.stdout.write('every Dockerfile and docker-bake.hcl is up to date\n');
} else {
  for (const [file, text] of generatedFiles(REPO_ROOT, IMAGES)) {
    if (stale.includes(file)) fs.writeFileSync(path.join(REPO_ROOT, file), text);
  }
  process.stdout.write(stale.length > 0 ? `wrote ${stale.join(', ')}\n` : 'nothing to do\n');
}
