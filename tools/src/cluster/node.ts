// The single-node cluster's lifecycle: `up` starts etcd, the control plane, containerd, the kubelet,
// kube-proxy and CoreDNS as host processes around one CNI bridge; `down` stops them in reverse order and
// removes everything they left on the host (pods' namespaces and mounts, iptables chains, the bridge)
// and restores the kernel settings they changed. The cached binaries and images stay.
import fs from 'node:fs';
import path from 'node:path';
import { ensureBinaries } from './binaries';
import {
  cniConfig,
  cniLoopbackConfig,
  containerdConfig,
  corednsRbac,
  corefile,
  criImageName,
  kubeletConfig,
  kubeProxyConfig,
  PAUSE_SOURCE,
} from './configs';
import {
  ADMIN_KUBECONFIG,
  APISERVER_PORT,
  BRIDGE,
  binary,
  CACHE_DIR,
  CNI_CONF_DIR,
  CONTAINERD_ROOT,
  CONTAINERD_SOCKET,
  CONTAINERD_STATE,
  KUBELET_ROOT,
  nodeName,
  PAUSE_IMAGE,
  PKI_DIR,
  RUN_DIR,
  SERVICE_CIDR,
  STATE_DIR,
  SYSCTL_SNAPSHOT,
  TOUCHED_SYSCTLS,
} from './layout';
import { ensurePki } from './pki';
import { daemonPid, log, logTail, pipeline, run, runOk, startDaemon, stopDaemon, until } from './sh';

/** The host processes, in start order; `down` stops them in the reverse. */
export const DAEMONS = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'containerd',
  'kubelet',
  'kube-proxy',
  'coredns',
] as const;

/** Pods' traffic may reach other pods and this host (DNS) only: everything else they send is refused here. */
const EGRESS_CHAIN = 'BOUTIQUE-PODS-EGRESS';
/** Debian packages the node needs beyond Podman's (containerd 1.6 with its runc shim, a C compiler for pause). */
const HOST_PACKAGES = [
  'containerd',
  'runc',
  'containernetworking-plugins',
  'iptables',
  'iproute2',
  'openssl',
  'gcc',
  'libc6-dev',
];

const pki = (file: string) => path.join(PKI_DIR, file);
const kubeconfigOf = (user: string) => path.join(STATE_DIR, `${user}.kubeconfig`);
const IMPORTED_IMAGES = path.join(CACHE_DIR, 'containerd-images.json');

export function kubectl(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}) {
  return run(binary('kubectl'), ['--kubeconfig', ADMIN_KUBECONFIG, ...args], options);
}

export function kubectlOk(args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): string {
  return runOk(binary('kubectl'), ['--kubeconfig', ADMIN_KUBECONFIG, ...args], options);
}

const ctr = (args: readonly string[], timeoutMs?: number) =>
  run('ctr', ['--address', CONTAINERD_SOCKET, '--namespace', 'k8s.io', ...args], { timeoutMs });

export const isUp = (): boolean => DAEMONS.some((name) => daemonPid(name) !== undefined);

function ensureHostPackages(): void {
  const missing = HOST_PACKAGES.filter(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a dpkg-query format, not JavaScript
    (name) => !/install ok installed/.test(run('dpkg-query', ['-W', '-f=${Status}', name]).stdout),
  );
  if (missing.length === 0) return;
  log(`installing ${missing.join(' ')}`);
  runOk('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-qq', '--no-install-recommends', ...missing], {
    timeoutMs: 15 * 60_000,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

const sysctl = (name: string): string | undefined => {
  const result = run('sysctl', ['-n', name]);
  return result.status === 0 ? result.stdout.trim() : undefined;
};

const cniNamespaces = (): string[] =>
  run('ip', ['netns', 'list'])
    .stdout.split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => name.startsWith('cni-'));

/** Records what `down` must put back: the kernel settings and the network namespaces that exist already. */
function snapshotHost(): void {
  if (fs.existsSync(SYSCTL_SNAPSHOT)) return;
  const values = Object.fromEntries(TOUCHED_SYSCTLS.map((name) => [name, sysctl(name)]));
  fs.writeFileSync(SYSCTL_SNAPSHOT, JSON.stringify({ sysctls: values, namespaces: cniNamespaces() }, null, 2));
}

function createBridge(): void {
  if (run('ip', ['link', 'show', BRIDGE.name]).status !== 0) {
    runOk('ip', ['link', 'add', BRIDGE.name, 'type', 'bridge']);
    runOk('ip', ['addr', 'add', `${BRIDGE.address}/${BRIDGE.prefix}`, 'dev', BRIDGE.name]);
    runOk('ip', ['link', 'set', BRIDGE.name, 'up']);
  }
  // Service addresses are routed into the bridge, so a packet kube-proxy does not rewrite (no endpoint
  // yet) never leaves through the host's uplink.
  run('ip', ['route', 'replace', SERVICE_CIDR, 'dev', BRIDGE.name]);
  // Bridged pod-to-pod packets must pass iptables for Service addresses to be rewritten.
  runOk('sysctl', ['-q', '-w', 'net.bridge.bridge-nf-call-iptables=1', 'net.ipv4.ip_forward=1']);
  if (run('iptables', ['-n', '-L', EGRESS_CHAIN]).status !== 0) {
    runOk('iptables', ['-N', EGRESS_CHAIN]);
    runOk('iptables', ['-A', EGRESS_CHAIN, '-s', BRIDGE.podCidr, '-d', BRIDGE.podCidr, '-j', 'RETURN']);
    runOk('iptables', ['-A', EGRESS_CHAIN, '-s', BRIDGE.podCidr, '-j', 'REJECT']);
    runOk('iptables', ['-I', 'FORWARD', '1', '-j', EGRESS_CHAIN]);
  }
}

function writeConfigs(): void {
  fs.mkdirSync(CNI_CONF_DIR, { recursive: true });
  fs.writeFileSync(path.join(CNI_CONF_DIR, '10-boutique-pods.conflist'), cniConfig());
  fs.writeFileSync(path.join(CNI_CONF_DIR, '99-loopback.conf'), cniLoopbackConfig());
  fs.writeFileSync(path.join(STATE_DIR, 'containerd.toml'), containerdConfig());
  fs.writeFileSync(path.join(STATE_DIR, 'kubelet.yaml'), kubeletConfig());
  fs.writeFileSync(path.join(STATE_DIR, 'kube-proxy.yaml'), kubeProxyConfig());
  fs.writeFileSync(path.join(STATE_DIR, 'Corefile'), corefile(kubeconfigOf('coredns')));
}

async function startControlPlane(): Promise<void> {
  startDaemon('etcd', binary('etcd'), [
    '--name=boutique',
    `--data-dir=${path.join(STATE_DIR, 'etcd')}`,
    '--listen-client-urls=http://127.0.0.1:2379',
    '--advertise-client-urls=http://127.0.0.1:2379',
    '--listen-peer-urls=http://127.0.0.1:2380',
    '--initial-advertise-peer-urls=http://127.0.0.1:2380',
    '--initial-cluster=boutique=http://127.0.0.1:2380',
    '--log-level=warn',
  ]);
  await until('etcd', 30_000, async () => {
    const response = await fetch('http://127.0.0.1:2379/health').catch(() => undefined);
    return response?.ok ? true : undefined;
  });

  startDaemon('kube-apiserver', binary('kube-apiserver'), [
    '--etcd-servers=http://127.0.0.1:2379',
    '--bind-address=127.0.0.1',
    `--secure-port=${APISERVER_PORT}`,
    // The `kubernetes` Service's endpoint must not be loopback; nothing in the shop calls the API.
    `--advertise-address=${BRIDGE.address}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    `--client-ca-file=${pki('ca.crt')}`,
    `--tls-cert-file=${pki('apiserver.crt')}`,
    `--tls-private-key-file=${pki('apiserver.key')}`,
    `--kubelet-client-certificate=${pki('apiserver-kubelet-client.crt')}`,
    `--kubelet-client-key=${pki('apiserver-kubelet-client.key')}`,
    `--kubelet-certificate-authority=${pki('ca.crt')}`,
    '--kubelet-preferred-address-types=InternalIP',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki('service-account.pub')}`,
    `--service-account-signing-key-file=${pki('service-account.key')}`,
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction',
    '--profiling=false',
  ]);
  await until(
    'kube-apiserver /readyz',
    90_000,
    () => (kubectl(['get', '--raw', '/readyz']).stdout.trim() === 'ok' ? true : undefined),
    1_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${logTail('kube-apiserver')}`);
  });

  const component = (name: string) => [
    `--kubeconfig=${kubeconfigOf(name)}`,
    `--authentication-kubeconfig=${kubeconfigOf(name)}`,
    `--authorization-kubeconfig=${kubeconfigOf(name)}`,
    '--bind-address=127.0.0.1',
    '--leader-elect=false',
  ];
  startDaemon('kube-controller-manager', binary('kube-controller-manager'), [
    ...component('kube-controller-manager'),
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${pki('service-account.key')}`,
    `--root-ca-file=${pki('ca.crt')}`,
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
  ]);
  startDaemon('kube-scheduler', binary('kube-scheduler'), component('kube-scheduler'));
}

async function startContainerd(): Promise<void> {
  fs.mkdirSync(CONTAINERD_ROOT, { recursive: true });
  // Never a second containerd on the same root: it would hang on the boltdb lock.
  startDaemon('containerd', '/usr/bin/containerd', ['--config', path.join(STATE_DIR, 'containerd.toml')]);
  await until('containerd', 30_000, () => (ctr(['version']).status === 0 ? true : undefined));
}

/** The pause image: a static binary in an otherwise empty image, built once into Podman's store. */
function ensurePauseImage(): void {
  if (run('podman', ['image', 'exists', PAUSE_IMAGE]).status === 0) return;
  const dir = fs.mkdtempSync(path.join(CACHE_DIR, 'pause-'));
  try {
    fs.writeFileSync(path.join(dir, 'pause.c'), PAUSE_SOURCE);
    fs.mkdirSync(path.join(dir, 'rootfs'));
    runOk('gcc', ['-static', '-Os', '-s', '-o', path.join(dir, 'rootfs', 'pause'), path.join(dir, 'pause.c')]);
    runOk('tar', ['-C', path.join(dir, 'rootfs'), '--numeric-owner', '-cf', path.join(dir, 'rootfs.tar'), '.']);
    runOk('podman', [
      'import',
      '--quiet',
      '--change',
      'ENTRYPOINT ["/pause"]',
      '--change',
      'USER 65535:65535',
      path.join(dir, 'rootfs.tar'),
      PAUSE_IMAGE,
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const podmanImageId = (name: string): string | undefined => {
  const result = run('podman', ['image', 'inspect', '--format', '{{.Id}}', name]);
  return result.status === 0 ? result.stdout.trim() : undefined;
};

/**
 * Copies images from Podman's store into the cluster's containerd (podman save | ctr import), under the
 * names a pod spec resolves them to (boutique/frontend:0.1.0 is docker.io/boutique/frontend:0.1.0).
 * An image already imported with the same id is skipped. Returns the containerd names.
 */
export function loadImages(podmanNames: readonly string[]): string[] {
  const imported: Record<string, string> = fs.existsSync(IMPORTED_IMAGES)
    ? JSON.parse(fs.readFileSync(IMPORTED_IMAGES, 'utf8'))
    : {};
  const present = new Set(ctr(['images', 'ls', '-q']).stdout.split('\n'));
  const wanted = podmanNames.map((name) => {
    const id = podmanImageId(name);
    if (!id) throw new Error(`${name} is not in Podman's store (build it first)`);
    return { name, id, cri: criImageName(name) };
  });
  const stale = wanted.filter((image) => imported[image.cri] !== image.id || !present.has(image.cri));
  if (stale.length > 0) {
    log(`importing ${stale.length} image(s) into containerd: ${stale.map((image) => image.cri).join(', ')}`);
    // One archive for all: the layers the images share are written once.
    const names = stale.map((image) => `'${image.name}'`).join(' ');
    pipeline(
      `podman save --quiet --multi-image-archive --format docker-archive ${names} | ctr --address ${CONTAINERD_SOCKET} --namespace k8s.io images import -`,
    );
    const afterImport = new Set(ctr(['images', 'ls', '-q']).stdout.split('\n'));
    for (const image of stale) {
      const saved = afterImport.has(image.cri)
        ? image.cri
        : [...afterImport].find((n) => criImageName(n) === image.cri);
      if (!saved) throw new Error(`${image.name} was not imported into containerd`);
      if (saved !== image.cri)
        runOk('ctr', [
          '--address',
          CONTAINERD_SOCKET,
          '--namespace',
          'k8s.io',
          'images',
          'tag',
          '--force',
          saved,
          image.cri,
        ]);
      imported[image.cri] = image.id;
    }
    fs.writeFileSync(IMPORTED_IMAGES, JSON.stringify(imported, null, 2));
  }
  return wanted.map((image) => image.cri);
}

/** Gives an image already in containerd a second name (e.g. another tag, to roll a Deployment). */
export function tagImage(source: string, target: string): void {
  runOk('ctr', [
    '--address',
    CONTAINERD_SOCKET,
    '--namespace',
    'k8s.io',
    'images',
    'tag',
    '--force',
    criImageName(source),
    criImageName(target),
  ]);
}

async function startNode(): Promise<void> {
  fs.mkdirSync(KUBELET_ROOT, { recursive: true });
  startDaemon('kubelet', binary('kubelet'), [
    `--config=${path.join(STATE_DIR, 'kubelet.yaml')}`,
    `--kubeconfig=${kubeconfigOf('kubelet')}`,
    `--root-dir=${KUBELET_ROOT}`,
    `--node-ip=${BRIDGE.address}`,
    `--hostname-override=${nodeName()}`,
  ]);
  startDaemon('kube-proxy', binary('kube-proxy'), [
    `--config=${path.join(STATE_DIR, 'kube-proxy.yaml')}`,
    `--hostname-override=${nodeName()}`,
  ]);
  kubectlOk(['apply', '-f', '-'], { input: corednsRbac('boutique:coredns') });
  startDaemon('coredns', binary('coredns'), ['-conf', path.join(STATE_DIR, 'Corefile')]);
  await until(
    'the node to be Ready',
    120_000,
    () => {
      const ready = kubectl([
        'get',
        'node',
        nodeName(),
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
      ]);
      return ready.stdout.trim() === 'True' ? true : undefined;
    },
    1_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${logTail('kubelet')}`);
  });
  await until('the default ServiceAccount', 60_000, () =>
    kubectl(['get', 'serviceaccount', 'default']).status === 0 ? true : undefined,
  );
}

export interface UpOptions {
  /** Podman images to load into the node's containerd. */
  images?: readonly string[];
}

/** Starts the whole cluster (building binaries first when they are missing); returns the seconds it took. */
export async function up(options: UpOptions = {}): Promise<number> {
  if (process.getuid?.() !== 0)
    throw new Error('the local cluster needs root (it runs a kubelet, containerd and iptables)');
  if (isUp()) throw new Error('the cluster is already up (npm run cluster -- down first)');
  ensureHostPackages();
  ensureBinaries();
  const started = performance.now();
  for (const dir of [STATE_DIR, RUN_DIR, CACHE_DIR]) fs.mkdirSync(dir, { recursive: true });
  snapshotHost();
  createBridge();
  ensurePki();
  fs.copyFileSync(kubeconfigOf('admin'), ADMIN_KUBECONFIG);
  writeConfigs();
  log('starting etcd and the control plane');
  await startControlPlane();
  log('starting containerd');
  await startContainerd();
  ensurePauseImage();
  loadImages([PAUSE_IMAGE, ...(options.images ?? [])]);
  log('starting the kubelet, kube-proxy and CoreDNS');
  await startNode();
  const seconds = (performance.now() - started) / 1000;
  log(`up in ${seconds.toFixed(0)} s; kubectl --kubeconfig ${ADMIN_KUBECONFIG} get nodes`);
  return seconds;
}

/** The mount points under the cluster's folders, deepest first. */
function clusterMounts(extraPrefixes: readonly string[]): string[] {
  const prefixes = [KUBELET_ROOT, CONTAINERD_ROOT, CONTAINERD_STATE, RUN_DIR, STATE_DIR, ...extraPrefixes];
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter(
      (mount): mount is string =>
        !!mount && prefixes.some((prefix) => mount === prefix || mount.startsWith(`${prefix}/`)),
    )
    .sort((a, b) => b.length - a.length);
}

/** Removes every rule that jumps to a chain with this prefix, then the chains themselves, in every table. */
function removeChains(prefix: string, onlyIf: (chainRules: string) => boolean = () => true): void {
  for (const tool of ['iptables', 'ip6tables']) {
    for (const table of ['filter', 'nat', 'mangle', 'raw']) {
      const rules = run(tool, ['-w', '-t', table, '-S']).stdout.split('\n');
      const chains = rules.filter((r) => r.startsWith(`-N ${prefix}`)).map((r) => r.slice(3));
      const doomed = chains.filter((chain) => onlyIf(rules.filter((r) => r.startsWith(`-A ${chain} `)).join('\n')));
      if (doomed.length === 0) continue;
      for (const rule of rules) {
        const jump = / -j (\S+)/.exec(rule)?.[1];
        if (rule.startsWith('-A ') && jump && doomed.includes(jump))
          run(tool, ['-w', '-t', table, ...rule.replace(/^-A /, '-D ').split(' ')]);
      }
      for (const chain of doomed) run(tool, ['-w', '-t', table, '-F', chain]);
      for (const chain of doomed) run(tool, ['-w', '-t', table, '-X', chain]);
    }
  }
}

/** Stops everything `up` started and removes what it left on the host; safe to run again. */
export async function down(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the local cluster needs root');
  await stopDaemon('coredns');
  await stopDaemon('kubelet', 20_000);
  await stopDaemon('kube-proxy');
  if (fs.existsSync(binary('kube-proxy'))) run(binary('kube-proxy'), ['--cleanup'], { timeoutMs: 60_000 });
  if (daemonPid('containerd') !== undefined) {
    // The pods' processes live on under their shims when containerd stops: end them first.
    for (const task of ctr(['tasks', 'ls', '-q']).stdout.split('\n').filter(Boolean))
      ctr(['tasks', 'kill', '--signal', 'SIGKILL', task]);
    for (let i = 0; i < 20 && ctr(['tasks', 'ls', '-q']).stdout.trim() !== ''; i++) {
      for (const task of ctr(['tasks', 'ls', '-q']).stdout.split('\n').filter(Boolean))
        ctr(['tasks', 'delete', '--force', task]);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const container of ctr(['containers', 'ls', '-q']).stdout.split('\n').filter(Boolean))
      ctr(['containers', 'rm', container]);
  }
  await stopDaemon('containerd');
  killLeftoverShims();
  for (const name of ['kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd']) await stopDaemon(name);

  const snapshot: { sysctls: Record<string, string | null>; namespaces: string[] } | undefined = fs.existsSync(
    SYSCTL_SNAPSHOT,
  )
    ? JSON.parse(fs.readFileSync(SYSCTL_SNAPSHOT, 'utf8'))
    : undefined;
  const ours = cniNamespaces().filter((name) => !snapshot?.namespaces.includes(name));
  for (const mount of clusterMounts(ours.map((name) => `/run/netns/${name}`))) {
    if (run('umount', [mount]).status !== 0) run('umount', ['--lazy', mount]);
  }
  for (const name of ours) run('ip', ['netns', 'delete', name]);
  for (const cgroup of kubepodsCgroups()) {
    try {
      fs.rmdirSync(cgroup);
    } catch {
      // still has a process in it: reported by status()
    }
  }
  run('ip', ['route', 'delete', SERVICE_CIDR, 'dev', BRIDGE.name]);
  run('ip', ['link', 'delete', BRIDGE.name]);
  removeChains(EGRESS_CHAIN);
  removeChains('KUBE-');
  removeChains('CNI-', (rules) => rules.includes('boutique-pods'));
  if (snapshot) {
    for (const [name, value] of Object.entries(snapshot.sysctls))
      if (value !== null && value !== undefined) run('sysctl', ['-q', '-w', `${name}=${value}`]);
  }
  fs.rmSync(STATE_DIR, { recursive: true, force: true });
  fs.rmSync(RUN_DIR, { recursive: true, force: true });
}

/** The kubelet's pod cgroups (cgroupfs driver: a kubepods tree in every hierarchy), deepest first. */
function kubepodsCgroups(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) if (entry.isDirectory()) walk(path.join(dir, entry.name));
    found.push(dir);
  };
  for (const hierarchy of fs.readdirSync('/sys/fs/cgroup')) walk(path.join('/sys/fs/cgroup', hierarchy, 'kubepods'));
  return found.filter((dir) => fs.existsSync(dir)).sort((a, b) => b.length - a.length);
}

/** containerd-shim processes of this cluster's containerd (its socket in their command line), ended by PID. */
function killLeftoverShims(): void {
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmdline[0]?.endsWith('containerd-shim-runc-v2') && cmdline.includes(CONTAINERD_SOCKET))
        process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** What runs, and what is left on the host, for `npm run cluster -- status` and the teardown test. */
export function status(): { daemons: Record<string, number | null>; leftovers: string[] } {
  const daemons = Object.fromEntries(DAEMONS.map((name) => [name, daemonPid(name) ?? null]));
  const leftovers: string[] = [];
  if (run('ip', ['link', 'show', BRIDGE.name]).status === 0) leftovers.push(`bridge ${BRIDGE.name}`);
  for (const tool of ['iptables', 'ip6tables']) {
    for (const table of ['filter', 'nat', 'mangle']) {
      const chains = run(tool, ['-w', '-t', table, '-S'])
        .stdout.split('\n')
        .filter((r) => /^-N (KUBE-|BOUTIQUE-)/.test(r));
      for (const chain of chains) leftovers.push(`${tool} ${table} chain ${chain.slice(3)}`);
    }
  }
  for (const mount of clusterMounts([])) leftovers.push(`mount ${mount}`);
  for (const cgroup of kubepodsCgroups()) leftovers.push(`cgroup ${cgroup}`);
  if (fs.existsSync(STATE_DIR)) leftovers.push(`folder ${STATE_DIR}`);
  return { daemons, leftovers };
}
