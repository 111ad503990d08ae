// A small Dockerfile reader for the image tests: instructions (continuation lines joined, comments
// dropped) grouped by stage, and .dockerignore matching with Docker's rules (last matching pattern wins).
import path from 'node:path';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  /** The FROM line's image reference, with flags such as --platform removed. */
  from: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw)) continue; // a comment line, also inside a continued instruction
    const line = raw.trimEnd();
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full) lines.push(full);
  }
  const result: Dockerfile = { globalArgs: {}, stages: [] };
  for (const line of lines) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    const args = match[2] ?? '';
    if (keyword === 'FROM') {
      const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const stage: Stage = { from: words[0] ?? '', instructions: [] };
      if (words[1]?.toUpperCase() === 'AS' && words[2]) stage.name = words[2];
      result.stages.push(stage);
    } else if (result.stages.length === 0) {
      if (keyword === 'ARG') {
        const [name, value = ''] = args.split('=');
        result.globalArgs[name!.trim()] = value.trim();
      }
    } else {
      result.stages.at(-1)!.instructions.push({ keyword, args });
    }
  }
  return result;
}

export interface Copy {
  from?: string;
  sources: string[];
  dest: string;
}

/** COPY instructions of a stage: --from and the source/destination paths (exec or shell form). */
export function copies(stage: Stage): Copy[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const words = i.args.trim().startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
      return { from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? '' };
    });
}

/** The last value of an instruction in a stage (e.g. USER), or undefined. */
export function last(stage: Stage, keyword: string): string | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
}

/** Whether a context path is excluded by .dockerignore patterns (Go filepath.Match plus "**", last match wins). */
export function ignored(relPath: string, patterns: string[]): boolean {
  let excluded = false;
  const clean = path.posix.normalize(relPath).replace(/\/$/, '');
  // A pattern matches the path itself or any of its parent folders (excluding a folder excludes its content).
  const parts = clean.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = path.posix.normalize((negate ? raw.slice(1) : raw).trim()).replace(/^\/|\/$/g, '');
    if (candidates.some((c) => path.posix.matchesGlob(c, pattern))) excluded = !negate;
  }
  return excluded;
}

export function dockerignorePatterns(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
