// Renders of helm-chart/ that support.ts's helmTemplate (--set pairs only) does not cover: values files
// layered the way a user switching from the original chart passes them, and NOTES.txt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { REPO_ROOT } from '../services';
import { helmBinary, type K8sObject, parseDocs, run } from './support';

export const CHART = path.join(REPO_ROOT, 'helm-chart');
/** Test fixtures of the deploy tests (kept in src/: they are data, not compiled). */
export const FIXTURES = path.join(REPO_ROOT, 'tools/src/deploy/fixtures');

export interface RenderOptions {
  /** Values files, applied in order (later ones win), relative to FIXTURES unless absolute. */
  files?: readonly string[];
  /** Values written to a temporary file applied last (for values --set cannot carry, like a PEM). */
  values?: K8sObject;
  /** --set pairs, applied after every file. */
  sets?: Record<string, string | number | boolean>;
}

export interface Render {
  status: number | null;
  objects: K8sObject[];
  stderr: string;
}

function helmArgs(options: RenderOptions, dir: string): string[] {
  const args: string[] = [];
  for (const file of options.files ?? []) args.push('-f', path.resolve(FIXTURES, file));
  if (options.values) {
    const file = path.join(dir, 'values.yaml');
    fs.writeFileSync(file, YAML.stringify(options.values));
    args.push('-f', file);
  }
  for (const [name, value] of Object.entries(options.sets ?? {})) args.push('--set', `${name}=${value}`);
  return args;
}

function withScratchDir<T>(use: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boutique-helm-'));
  try {
    return use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm template` of the chart in namespace "shop"; reports failure instead of throwing. */
export function tryRender(options: RenderOptions = {}): Render {
  return withScratchDir((dir) => {
    const result = run(helmBinary(), ['template', 'boutique', CHART, '--namespace', 'shop', ...helmArgs(options, dir)]);
    return {
      status: result.status,
      objects: result.status === 0 ? parseDocs(result.stdout) : [],
      stderr: result.stderr,
    };
  });
}

/** `helm template` of the chart in namespace "shop"; throws with helm's message when it fails. */
export function render(options: RenderOptions = {}): K8sObject[] {
  const result = tryRender(options);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return result.objects;
}

/**
 * NOTES.txt as helm would print it after an install with these values. helm renders NOTES.txt only on
 * install, so a scratch copy of the chart wraps it in a template that `helm template` prints.
 */
export function renderNotes(options: RenderOptions = {}): string {
  return withScratchDir((dir) => {
    const chart = path.join(dir, 'chart');
    fs.cpSync(CHART, chart, { recursive: true });
    const notes = fs.readFileSync(path.join(chart, 'templates/NOTES.txt'), 'utf8');
    fs.writeFileSync(path.join(chart, 'templates/_notes.tpl'), `{{- define "notes" -}}\n${notes}\n{{- end }}\n`);
    fs.writeFileSync(path.join(chart, 'templates/notes.yaml'), 'notes: |\n{{ include "notes" . | indent 2 }}\n');
    const args = ['template', 't', chart, '--show-only', 'templates/notes.yaml', ...helmArgs(options, dir)];
    const result = run(helmBinary(), args);
    if (result.status !== 0) throw new Error(`helm template (NOTES.txt) failed: ${result.stderr}`);
    return YAML.parse(result.stdout).notes as string;
  });
}
