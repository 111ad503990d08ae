// The cluster's binaries, built once from the Go module proxy and cached under BIN_DIR: Kubernetes'
// components and etcd from one wrapper module, CoreDNS with go install. Nothing is downloaded as a
// prebuilt binary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { GO_MAINS, stagingModules, versionLdflags, wrapperGoMod, wrapperToolsGo } from './configs';
import { BIN_DIR, binary, CACHE_DIR, COREDNS_VERSION, KUBERNETES_VERSION } from './layout';
import { log } from './sh';

export const BINARIES = [...Object.keys(GO_MAINS), 'coredns'] as const;

export const missingBinaries = (): string[] => BINARIES.filter((name) => !fs.existsSync(binary(name)));

function go(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync('go', args, {
    cwd,
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) throw new Error(`go ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** Builds whatever binary is missing (about 12 minutes of two cores for Kubernetes, 4 for CoreDNS, cold). */
export function ensureBinaries(): void {
  const missing = missingBinaries();
  if (missing.length === 0) return;
  fs.mkdirSync(BIN_DIR, { recursive: true });
  const kubernetes = missing.filter((name) => name !== 'coredns');
  if (kubernetes.length > 0) buildKubernetes(kubernetes);
  if (missing.includes('coredns')) {
    log(`building coredns ${COREDNS_VERSION} (go install)`);
    const gobin = path.join(CACHE_DIR, 'coredns-build');
    go(['install', '-trimpath', '-ldflags=-s -w', `github.com/coredns/coredns@${COREDNS_VERSION}`], CACHE_DIR, {
      GOBIN: gobin,
    });
    fs.renameSync(path.join(gobin, 'coredns'), binary('coredns'));
  }
}

function buildKubernetes(names: readonly string[]): void {
  const module = path.join(CACHE_DIR, `src-${KUBERNETES_VERSION}`);
  fs.mkdirSync(module, { recursive: true });
  log(`resolving k8s.io/kubernetes ${KUBERNETES_VERSION} from the Go module proxy`);
  const info = JSON.parse(go(['mod', 'download', '-json', `k8s.io/kubernetes@${KUBERNETES_VERSION}`], module)) as {
    GoMod: string;
  };
  fs.writeFileSync(path.join(module, 'go.mod'), wrapperGoMod(stagingModules(fs.readFileSync(info.GoMod, 'utf8'))));
  fs.writeFileSync(path.join(module, 'tools.go'), wrapperToolsGo());
  go(['mod', 'tidy'], module);
  const out = path.join(module, 'out');
  fs.mkdirSync(out, { recursive: true });
  for (const name of names) {
    log(`building ${name} ${KUBERNETES_VERSION}`);
    go(['build', '-trimpath', `-ldflags=${versionLdflags()}`, '-o', path.join(out, name), GO_MAINS[name]!], module);
    fs.renameSync(path.join(out, name), binary(name));
  }
}
