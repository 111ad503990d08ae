import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const kitDir = path.resolve(__dirname, '..');
const committed = path.join(kitDir, 'src/generated');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .sort();
}

describe('generated proto types', () => {
  it('match what npm run gen produces from protos/demo.proto today (run it after editing the proto)', () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'boutique-gen-'));
    try {
      execFileSync(process.execPath, [path.join(kitDir, 'scripts/gen-types.mjs'), fresh], { stdio: 'pipe' });
      assert.deepEqual(filesUnder(committed), filesUnder(fresh), 'the set of generated files differs');
      for (const file of filesUnder(fresh)) {
        assert.equal(
          readFileSync(path.join(committed, file), 'utf8'),
          readFileSync(path.join(fresh, file), 'utf8'),
          `${file} is stale: run npm run gen`,
        );
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
