// Where the local cluster keeps its binaries, certificates, data and logs, its pinned versions and
// its addresses. Everything lives under one cache folder (binaries, kept between runs) and one state
// folder (the running cluster, removed by `down`), plus the kernel objects listed in BRIDGE.
import os from 'node:os';
import path from 'node:path';

/** Kubernetes, built from the Go module proxy; 1.36 drops containerd 1.x, which is what Debian ships. */
export const KUBERNETES_VERSION = 'v1.35.4';
/** The k8s.io/<staging repo> modules released with KUBERNETES_VERSION. */
export const STAGING_VERSION = 'v0.35.4';
export const COREDNS_VERSION = 'v1.14.7';
/** The cluster's pause image, built locally (a static binary in an empty image) and never pulled. */
export const PAUSE_IMAGE = 'localhost/boutique-cluster/pause:3.10';

export const CACHE_DIR = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'boutique',
  'cluster',
);
/** Binaries of one Kubernetes version; a new pin builds into a new folder. */
export const BIN_DIR = path.join(CACHE_DIR, `bin-${KUBERNETES_VERSION}-coredns-${COREDNS_VERSION}`);

/** The running cluster's files; short paths, since a unix socket path must fit in 108 bytes. */
export const STATE_DIR = '/var/lib/boutique-cluster';
export const RUN_DIR = '/run/boutique-cluster';
export const PKI_DIR = path.join(STATE_DIR, 'pki');
export const LOG_DIR = path.join(STATE_DIR, 'logs');
export const PID_DIR = path.join(RUN_DIR, 'pids');
export const KUBELET_ROOT = path.join(STATE_DIR, 'kubelet');
/** containerd's content and snapshots stay between runs, so images are imported once per build. */
export const CONTAINERD_ROOT = path.join(CACHE_DIR, 'containerd');
export const CONTAINERD_STATE = path.join(RUN_DIR, 'containerd');
export const CONTAINERD_SOCKET = path.join(RUN_DIR, 'containerd.sock');
export const CNI_CONF_DIR = path.join(STATE_DIR, 'cni');
/** Debian's containernetworking-plugins. */
export const CNI_BIN_DIR = '/usr/lib/cni';
/** The cluster's record of the host settings it changed, read back by `down`. */
export const SYSCTL_SNAPSHOT = path.join(STATE_DIR, 'sysctl-before.json');
export const ADMIN_KUBECONFIG = path.join(STATE_DIR, 'admin.kubeconfig');

/** The pods' bridge: its address is also the node's (the kubelet refuses a loopback node IP) and cluster DNS. */
export const BRIDGE = {
  name: 'boutique-cni0',
  address: '10.244.0.1',
  podCidr: '10.244.0.0/24',
  prefix: 24,
} as const;
export const SERVICE_CIDR = '10.96.0.0/24';
/** The first address of SERVICE_CIDR, the `kubernetes` Service's, which the apiserver certificate names. */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const CLUSTER_DOMAIN = 'cluster.local';
export const APISERVER_PORT = 6443;
export const APISERVER_URL = `https://127.0.0.1:${APISERVER_PORT}`;

/** Host settings the kubelet (or the bridge) changes; their values before `up` are restored by `down`. */
export const TOUCHED_SYSCTLS = [
  'vm.overcommit_memory',
  'vm.panic_on_oom',
  'kernel.panic',
  'kernel.panic_on_oops',
  'kernel.keys.root_maxkeys',
  'kernel.keys.root_maxbytes',
  'net.bridge.bridge-nf-call-iptables',
  'net.bridge.bridge-nf-call-ip6tables',
  'net.ipv4.ip_forward',
  'net.ipv4.conf.all.route_localnet',
  'net.netfilter.nf_conntrack_max',
  'net.netfilter.nf_conntrack_tcp_timeout_established',
  'net.netfilter.nf_conntrack_tcp_timeout_close_wait',
] as const;

export const binary = (name: string): string => path.join(BIN_DIR, name);
export const nodeName = (): string => os.hostname().toLowerCase();
