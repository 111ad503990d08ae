// The local cluster's configuration files, as pure functions of the layout, so they can be read and
// tested without a cluster.
import path from 'node:path';
import {
  APISERVER_URL,
  BRIDGE,
  CLUSTER_DOMAIN,
  CNI_BIN_DIR,
  CNI_CONF_DIR,
  CONTAINERD_ROOT,
  CONTAINERD_SOCKET,
  CONTAINERD_STATE,
  KUBERNETES_VERSION,
  PAUSE_IMAGE,
  PKI_DIR,
  SERVICE_CIDR,
  STAGING_VERSION,
  STATE_DIR,
} from './layout';

/** The Go packages built into the cluster's binaries, by the binary's name. */
export const GO_MAINS: Readonly<Record<string, string>> = {
  'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver',
  'kube-controller-manager': 'k8s.io/kubernetes/cmd/kube-controller-manager',
  'kube-scheduler': 'k8s.io/kubernetes/cmd/kube-scheduler',
  'kube-proxy': 'k8s.io/kubernetes/cmd/kube-proxy',
  kubelet: 'k8s.io/kubernetes/cmd/kubelet',
  kubectl: 'k8s.io/kubernetes/cmd/kubectl',
  // Kubernetes depends on the etcd server already, so it builds from the same module graph.
  etcd: 'go.etcd.io/etcd/server/v3',
};

/**
 * The staging modules k8s.io/kubernetes's go.mod replaces with its own folders (`k8s.io/api =>
 * ./staging/src/k8s.io/api`): outside that repository each must be replaced by its released version.
 */
export function stagingModules(kubernetesGoMod: string): string[] {
  const modules = new Set<string>();
  // A replace line, inside a block or not: "<module> => ./staging/src/<module>".
  for (const match of kubernetesGoMod.matchAll(/^\s*(?:replace\s+)?(k8s\.io\/[\w.-]+)\s+=>\s+\.\/staging\//gm)) {
    modules.add(match[1]!);
  }
  return [...modules].sort();
}

/** The wrapper module whose graph builds every binary of GO_MAINS. */
export function wrapperGoMod(staging: readonly string[]): string {
  return [
    'module boutique.local/cluster-binaries',
    '',
    'go 1.25.0',
    '',
    `require k8s.io/kubernetes ${KUBERNETES_VERSION}`,
    '',
    'replace (',
    ...staging.map((module) => `\t${module} => ${module} ${STAGING_VERSION}`),
    ')',
    '',
  ].join('\n');
}

/** A file that only records the main packages as dependencies, so `go mod tidy` keeps them. */
export function wrapperToolsGo(): string {
  const imports = Object.values(GO_MAINS).map((pkg) => `\t_ "${pkg}"`);
  return ['//go:build tools', '', 'package tools', '', 'import (', ...imports, ')', ''].join('\n');
}

/**
 * The linker flags that stamp the version into every binary: without them they report v0.0.0-master,
 * which kubectl and the kubelet refuse to work with.
 */
export function versionLdflags(): string {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const stamp = (pkg: string) => [
    `-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`,
    `-X ${pkg}.gitMajor=${major}`,
    `-X ${pkg}.gitMinor=${minor}`,
    `-X ${pkg}.gitTreeState=clean`,
  ];
  return ['-s', '-w', ...stamp('k8s.io/component-base/version'), ...stamp('k8s.io/client-go/pkg/version')].join(' ');
}

/** A kubeconfig for one client certificate of PKI_DIR. */
export function kubeconfig(user: string): string {
  return `apiVersion: v1
kind: Config
clusters:
  - name: boutique
    cluster:
      server: ${APISERVER_URL}
      certificate-authority: ${path.join(PKI_DIR, 'ca.crt')}
users:
  - name: ${user}
    user:
      client-certificate: ${path.join(PKI_DIR, `${user}.crt`)}
      client-key: ${path.join(PKI_DIR, `${user}.key`)}
contexts:
  - name: boutique
    context:
      cluster: boutique
      user: ${user}
current-context: boutique
`;
}

/**
 * containerd 1.6 on its own root, state and socket (never the host's), runc without systemd, and a CNI
 * folder of its own. Without CAP_SYS_RESOURCE a negative oom_score_adj is refused, hence the restriction.
 */
export function containerdConfig(): string {
  return `version = 2
root = "${CONTAINERD_ROOT}"
state = "${CONTAINERD_STATE}"

[grpc]
  address = "${CONTAINERD_SOCKET}"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  enable_unprivileged_ports = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${CNI_BIN_DIR}"
    conf_dir = "${CNI_CONF_DIR}"
`;
}

/** The pod network: one bridge, addresses from host-local, a route to Services only, portmap for hostPorts. */
export function cniConfig(): string {
  return `${JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'boutique-pods',
      plugins: [
        {
          type: 'bridge',
          bridge: BRIDGE.name,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: BRIDGE.podCidr, gateway: BRIDGE.address }]],
            // Service addresses via the node (kube-proxy rewrites them there); no default route at all.
            routes: [{ dst: SERVICE_CIDR }],
            dataDir: path.join(CNI_CONF_DIR, 'ipam'),
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  )}\n`;
}

export function cniLoopbackConfig(): string {
  return `${JSON.stringify({ cniVersion: '1.0.0', name: 'lo', type: 'loopback' }, null, 2)}\n`;
}

/**
 * The kubelet: cgroupfs (no systemd), cgroup v1 allowed, swap tolerated, x509 clients, the private
 * containerd, cluster DNS on the bridge, its API on the bridge address only, and eviction thresholds
 * low enough for a shared development machine.
 */
export function kubeletConfig(): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${BRIDGE.address}
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: ${path.join(PKI_DIR, 'ca.crt')}
authorization:
  mode: Webhook
tlsCertFile: ${path.join(PKI_DIR, 'kubelet-serving.crt')}
tlsPrivateKeyFile: ${path.join(PKI_DIR, 'kubelet-serving.key')}
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://${CONTAINERD_SOCKET}
clusterDNS:
  - ${BRIDGE.address}
clusterDomain: ${CLUSTER_DOMAIN}
resolvConf: /etc/resolv.conf
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  nodefs.inodesFree: 1%
  imagefs.available: 1%
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 60
`;
}

/**
 * kube-proxy in iptables mode. It leaves conntrack sysctls alone (the zeros), does not route
 * NodePorts from localhost, and serves NodePorts on the bridge address only, never the host's uplink.
 */
export function kubeProxyConfig(): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection:
  kubeconfig: ${path.join(STATE_DIR, 'kube-proxy.kubeconfig')}
clusterCIDR: ${BRIDGE.podCidr}
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses:
  - ${BRIDGE.address}/32
conntrack:
  maxPerCore: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
iptables:
  localhostNodePorts: false
  masqueradeAll: false
`;
}

/**
 * CoreDNS as a host process on the bridge address: cluster names only, nothing forwarded upstream.
 * Answers carry CoreDNS's default TTL (5 s; the cache keeps nothing longer than its TTL), which the
 * chart's shutdownDelay (10 s) outlasts.
 */
export function corefile(kubeconfigPath: string): string {
  return `.:53 {
    bind ${BRIDGE.address}
    errors
    health 127.0.0.1:18080
    ready 127.0.0.1:18181
    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {
        kubeconfig ${kubeconfigPath} boutique
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 30
}
`;
}

/** What CoreDNS's kubernetes plugin reads, granted to its client certificate's user. */
export function corednsRbac(user: string): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: boutique:coredns
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: boutique:coredns
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: boutique:coredns
subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: User
    name: ${user}
`;
}

/** The pause container: sleeps until signalled, and reaps the children it inherits as PID 1. */
export const PAUSE_SOURCE = `#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void stop(int signal) { (void)signal; exit(0); }
static void reap(int signal) { (void)signal; while (waitpid(-1, NULL, WNOHANG) > 0) {} }

int main(void) {
  signal(SIGINT, stop);
  signal(SIGTERM, stop);
  signal(SIGCHLD, reap);
  for (;;) pause();
}
`;

/**
 * The name the kubelet resolves an image reference to, for a name from Podman's store: Podman files
 * unqualified names under localhost/ (boutique/frontend:0.1.0 → localhost/boutique/frontend:0.1.0), a
 * pod spec's unqualified names mean Docker Hub (docker.io/boutique/frontend:0.1.0, and
 * docker.io/library/redis:8 for a one-part name). Names with a registry host stay as they are.
 */
export function criImageName(name: string): string {
  const unqualified =
    name.startsWith('localhost/') && !name.startsWith('localhost/boutique-cluster/')
      ? name.slice('localhost/'.length)
      : name;
  const first = unqualified.split('/')[0]!;
  const hasRegistry =
    unqualified.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return unqualified;
  return unqualified.includes('/') ? `docker.io/${unqualified}` : `docker.io/library/${unqualified}`;
}
