// A small Dockerfile reader for the image tests: instructions (continuation lines joined, comments
// dropped) grouped by stage, .dockerignore matching with Docker's rules (last matching pattern wins), and
// a model of what each stage holds, so a test can tell whether every `COPY --from` finds its source
// without a Docker engine.
import fs from 'node:fs';
import path from 'node:path';
import { buildClosure, readWorkspaces } from './workspaces';

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

/** What the stage model needs to know about the build context and the TypeScript projects in it. */
export interface BuildContext {
  /** Whether a path (relative to the context root) is sent to the builder: it exists and .dockerignore lets it through. */
  has(relPath: string): boolean;
  /** Whether a context path is a folder. */
  isDir(relPath: string): boolean;
  /** The output folders (relative to the context root) of `tsc -b <projects>`, projects relative to the root. */
  tscOutputs(projects: readonly string[]): string[];
}

/** A path a stage holds: copied from the build context, or made by a RUN line (then all of it exists). */
interface Held {
  /** Absolute path in the stage; folders end with "/". */
  path: string;
  /** The context path it was copied from; undefined when a RUN line produced it. */
  contextPath?: string;
}

/**
 * What a stage holds when it is done: its parent stage's paths, what its COPY lines bring from the
 * context, and what its RUN lines produce. Only the RUN commands the images use are known: `npm ci`
 * (node_modules/ in the working directory) and `tsc -b <projects>` (the output folder of each project and
 * of every project it references); any other command is assumed to produce nothing.
 */
export function stageContents(file: Dockerfile, stageName: string, context: BuildContext): Held[] {
  const index = file.stages.findIndex((s) => s.name === stageName);
  if (index < 0) throw new Error(`no stage named ${stageName}`);
  return evaluate(file, index, context).held;
}

function evaluate(file: Dockerfile, index: number, context: BuildContext): { held: Held[]; workdir: string } {
  const stage = file.stages[index]!;
  const parent = file.stages.findIndex((s, i) => i < index && s.name === stage.from);
  const state = parent >= 0 ? evaluate(file, parent, context) : { held: [], workdir: '/' };
  const held = [...state.held];
  let workdir = state.workdir;
  const absolute = (p: string) => path.posix.resolve(workdir, p);
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'WORKDIR') workdir = absolute(instruction.args.trim());
    if (instruction.keyword === 'COPY') {
      const [copy] = copies({ from: '', instructions: [instruction] });
      if (copy!.from !== undefined)
        throw new Error(`COPY --from inside a build stage is not modelled: ${instruction.args}`);
      const intoFolder = copy!.dest.endsWith('/') || copy!.sources.length > 1;
      for (const source of copy!.sources) {
        const dir = context.isDir(source);
        const target =
          intoFolder && !dir ? `${absolute(copy!.dest)}/${path.posix.basename(source)}` : absolute(copy!.dest);
        held.push(
          dir
            ? { path: `${target}/`, contextPath: `${source.replace(/\/$/, '')}/` }
            : { path: target, contextPath: source },
        );
      }
    }
    if (instruction.keyword === 'RUN') {
      for (const command of instruction.args.split(/&&|;|\|\|/)) {
        const words = command
          .trim()
          .split(/\s+/)
          .filter((w) => !w.startsWith('--mount='));
        if (words[0] === 'npm' && words[1] === 'ci') held.push({ path: `${absolute('node_modules')}/` });
        const build = words.findIndex((w) => w === '-b' || w === '--build');
        if (words.includes('tsc') && build >= 0) {
          const projects = words.slice(build + 1).filter((w) => !w.startsWith('-'));
          // The working directory is the context root here, as in every image: projects are context paths.
          const roots = projects.length > 0 ? projects.map((p) => path.posix.normalize(p)) : ['.'];
          for (const out of context.tscOutputs(roots)) held.push({ path: `${absolute(out)}/` });
        }
      }
    }
  }
  return { held, workdir };
}

/** Whether a stage's contents include an absolute path (a folder ends with "/"): what `COPY --from` needs. */
export function holds(held: readonly Held[], source: string, context: BuildContext): boolean {
  return held.some((h) => {
    if (h.path === `${source}/`) return true;
    if (h.path.endsWith('/') && source.startsWith(h.path)) {
      // Inside a held folder: a RUN output holds everything under it; a copied folder holds what the context has.
      return h.contextPath === undefined || context.has(h.contextPath + source.slice(h.path.length));
    }
    if (source.endsWith('/') && h.path.startsWith(source)) return true; // a folder something was put into
    return h.path === source;
  });
}

/** Every `COPY --from=<stage>` source of a Dockerfile that the named stage does not produce, as "stage: path". */
export function unproducedCopies(file: Dockerfile, context: BuildContext): string[] {
  const missing: string[] = [];
  for (const stage of file.stages) {
    for (const copy of copies(stage).filter((c) => c.from !== undefined)) {
      const held = stageContents(file, copy.from!, context);
      for (const source of copy.sources) {
        if (!holds(held, source, context)) missing.push(`${copy.from}: ${source}`);
      }
    }
  }
  return missing;
}

/** The build context of a repository checkout at `root`: its files less .dockerignore, its workspaces' tsconfigs. */
export function repositoryContext(root: string): BuildContext {
  const ignoreFile = path.join(root, '.dockerignore');
  const patterns = fs.existsSync(ignoreFile) ? dockerignorePatterns(fs.readFileSync(ignoreFile, 'utf8')) : [];
  const graph = readWorkspaces(root);
  return {
    has: (relPath) => fs.existsSync(path.join(root, relPath)) && !ignored(relPath, patterns),
    isDir: (relPath) => fs.statSync(path.join(root, relPath), { throwIfNoEntry: false })?.isDirectory() ?? false,
    tscOutputs: (projects) => {
      const starts = projects.flatMap((p) => (p === '.' ? graph.rootReferences : [p]));
      return buildClosure(graph, starts).map((dir) => path.posix.join(dir, graph.workspaces.get(dir)!.outDir));
    },
  };
}
