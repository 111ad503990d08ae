// The supply chain a security team signs off: an SBOM per image that lists exactly what the image's
// production install holds, no duplicate majors, no bench-only package shipped, permissive licences only.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  type CycloneDxBom,
  componentsOf,
  duplicateMajors,
  generateSbom,
  type ImageSpec,
  imageSpecs,
  licenceOf,
  licenceReport,
  productionPackages,
} from './sbom';

// Licences that allow shipping the shop's images without conditions beyond attribution.
const ALLOWED_LICENCES = new Set(['MIT', 'MIT-0', 'Apache-2.0', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'Zlib']);

/** Whether every licence an SPDX expression names is allowed ("(MIT AND Zlib)" needs both; OR is read as AND, to be safe). */
function isAllowed(expression: string): boolean {
  const ids = expression.match(/[A-Za-z0-9.+-]+/g)?.filter((id) => !['AND', 'OR', 'WITH'].includes(id)) ?? [];
  return ids.length > 0 && ids.every((id) => ALLOWED_LICENCES.has(id));
}
// Packages only the launcher, tests and benchmarks use: none may reach an image.
const TOOLS_ONLY = ['@boutique/tools', 'autocannon', '@cyclonedx/cyclonedx-npm', 'playwright-core', 'typescript'];

describe('duplicateMajors', () => {
  it('two majors of one package → listed, oldest first; two versions of one major → not listed', () => {
    assert.deepEqual(
      duplicateMajors(['debug@2.6.9', 'debug@4.4.3', 'ms@2.0.0', 'ms@2.1.3', '@grpc/x@0.7.15', '@grpc/x@0.8.1']),
      {
        debug: ['2.6.9', '4.4.3'],
        '@grpc/x': ['0.7.15', '0.8.1'],
      },
    );
  });
});

describe('SBOMs of the images and of the workspace', () => {
  let images: ImageSpec[];
  const boms: Record<string, CycloneDxBom> = {};
  let workspace: CycloneDxBom;

  before(() => {
    images = imageSpecs();
    for (const image of images) boms[image.name] = generateSbom(image.workspaces);
    workspace = generateSbom('all');
  });

  it('one image per service with a Dockerfile: the ten servers and the load generator', () => {
    assert.equal(images.length, 11);
    assert.deepEqual(images.find((image) => image.name === 'cartservice')?.workspaces, [
      'packages/kit',
      'services/cartservice',
    ]);
  });

  it("each image's SBOM is CycloneDX JSON listing exactly the packages of its production install", () => {
    for (const image of images) {
      const bom = boms[image.name]!;
      assert.equal(bom.bomFormat, 'CycloneDX', image.name);
      assert.match(bom.specVersion, /^1\.\d+$/);
      assert.deepEqual(
        [...componentsOf(bom)].sort(),
        [...productionPackages(image.workspaces)].sort(),
        `${image.name}: SBOM vs npm ls --omit dev --all`,
      );
    }
  });

  it("the workspace's SBOM lists every production package of the workspace", () => {
    assert.deepEqual([...componentsOf(workspace)].sort(), [...productionPackages('all')].sort());
  });

  it('no package is in the production tree in two majors', () => {
    assert.deepEqual(duplicateMajors(productionPackages('all')), {});
  });

  it('no image ships a package only the tools use', () => {
    for (const image of images) {
      const names = [...componentsOf(boms[image.name]!)].map((entry) => entry.slice(0, entry.lastIndexOf('@')));
      assert.deepEqual(
        names.filter((name) => TOOLS_ONLY.includes(name)),
        [],
        image.name,
      );
    }
  });

  it('every production package has a permissive licence, and the licence report lists each one', () => {
    const refused: string[] = [];
    const walk = (components: CycloneDxBom['components'] = []) => {
      for (const component of components) {
        if (!isAllowed(licenceOf(component))) refused.push(`${component.name}: ${licenceOf(component)}`);
        walk(component.components);
      }
    };
    walk(workspace.components);
    assert.deepEqual(refused, []);
    const report = licenceReport(boms);
    for (const image of images) {
      for (const entry of componentsOf(boms[image.name]!)) assert.ok(report.includes(`| ${entry} |`), entry);
    }
  });
});
