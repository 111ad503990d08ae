import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import {
  cniConfig,
  criImageName,
  GO_MAINS,
  kubeletConfig,
  kubeProxyConfig,
  stagingModules,
  versionLdflags,
  wrapperGoMod,
  wrapperToolsGo,
} from './configs';
import { BRIDGE, KUBERNETES_VERSION, SERVICE_CIDR, STAGING_VERSION } from './layout';
import { extensions, subject } from './pki';

describe('the cluster binaries module', () => {
  it('stagingModules finds every ./staging replace of a kubernetes go.mod, in a block or on its own line', () => {
    const goMod = [
      'module k8s.io/kubernetes',
      'require k8s.io/api v0.0.0',
      'replace (',
      '\tk8s.io/api => ./staging/src/k8s.io/api',
      '\tk8s.io/client-go => ./staging/src/k8s.io/client-go',
      '\tgithub.com/other/module => github.com/fork/module v1.0.0',
      ')',
      'replace k8s.io/kubelet => ./staging/src/k8s.io/kubelet',
    ].join('\n');
    assert.deepEqual(stagingModules(goMod), ['k8s.io/api', 'k8s.io/client-go', 'k8s.io/kubelet']);
  });

  it('the wrapper go.mod requires the pinned Kubernetes and replaces each staging module by its release', () => {
    const goMod = wrapperGoMod(['k8s.io/api', 'k8s.io/kubelet']);
    assert.match(goMod, new RegExp(`^require k8s.io/kubernetes ${KUBERNETES_VERSION}$`, 'm'));
    assert.match(goMod, new RegExp(`^\\tk8s.io/api => k8s.io/api ${STAGING_VERSION}$`, 'm'));
    assert.match(goMod, new RegExp(`^\\tk8s.io/kubelet => k8s.io/kubelet ${STAGING_VERSION}$`, 'm'));
  });

  it('tools.go imports every main package behind a build tag, so go mod tidy keeps them and go build skips it', () => {
    const toolsGo = wrapperToolsGo();
    assert.match(toolsGo, /^\/\/go:build tools\n/);
    for (const pkg of Object.values(GO_MAINS)) assert.ok(toolsGo.includes(`\t_ "${pkg}"`), pkg);
  });

  it('the version stamp names the pinned version for component-base and client-go (kubectl refuses v0.0.0-master)', () => {
    const flags = versionLdflags();
    for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
      assert.ok(flags.includes(`-X ${pkg}.gitVersion=${KUBERNETES_VERSION}`), pkg);
      assert.ok(flags.includes(`-X ${pkg}.gitMajor=1`), pkg);
      assert.ok(flags.includes(`-X ${pkg}.gitMinor=35`), pkg);
    }
  });
});

describe('criImageName', () => {
  const cases: [string, string][] = [
    ['localhost/boutique/frontend:0.1.0', 'docker.io/boutique/frontend:0.1.0'],
    ['boutique/frontend:0.1.0', 'docker.io/boutique/frontend:0.1.0'],
    ['localhost/redis:8.2.2-alpine', 'docker.io/library/redis:8.2.2-alpine'],
    ['busybox:1.37.0', 'docker.io/library/busybox:1.37.0'],
    ['docker.io/library/node:24-trixie-slim', 'docker.io/library/node:24-trixie-slim'],
    ['gcr.io/distroless/nodejs24-debian13:nonroot', 'gcr.io/distroless/nodejs24-debian13:nonroot'],
    ['localhost/boutique-cluster/pause:3.10', 'localhost/boutique-cluster/pause:3.10'],
    ['registry.local:5000/shop/cart:1', 'registry.local:5000/shop/cart:1'],
  ];
  for (const [podman, cri] of cases) {
    it(`${podman} → ${cri}`, () => assert.equal(criImageName(podman), cri));
  }
});

describe('the node configuration', () => {
  it('the kubelet serves on the bridge address only, uses cgroupfs, tolerates cgroup v1 and swap, and points pods at the bridge DNS', () => {
    const config = YAML.parse(kubeletConfig());
    assert.equal(config.address, BRIDGE.address);
    assert.equal(config.healthzBindAddress, '127.0.0.1');
    assert.equal(config.readOnlyPort, 0);
    assert.equal(config.cgroupDriver, 'cgroupfs');
    assert.equal(config.failCgroupV1, false);
    assert.equal(config.failSwapOn, false);
    assert.deepEqual(config.clusterDNS, [BRIDGE.address]);
    assert.equal(config.authentication.anonymous.enabled, false);
  });

  it('kube-proxy serves NodePorts on the bridge address only, not from localhost, and leaves conntrack sysctls alone', () => {
    const config = YAML.parse(kubeProxyConfig());
    assert.equal(config.mode, 'iptables');
    assert.deepEqual(config.nodePortAddresses, [`${BRIDGE.address}/32`]);
    assert.equal(config.iptables.localhostNodePorts, false);
    assert.equal(config.conntrack.maxPerCore, 0);
    assert.equal(config.conntrack.tcpEstablishedTimeout, '0s');
    assert.equal(config.conntrack.tcpCloseWaitTimeout, '0s');
    assert.equal(config.healthzBindAddress.startsWith('127.0.0.1:'), true);
  });

  it('the pod network is one bridge whose gateway is the node address, routing only Service addresses off the bridge', () => {
    const config = JSON.parse(cniConfig());
    const bridge = config.plugins[0];
    assert.equal(bridge.type, 'bridge');
    assert.equal(bridge.bridge, BRIDGE.name);
    assert.equal(bridge.ipMasq, false);
    assert.deepEqual(bridge.ipam.ranges, [[{ subnet: BRIDGE.podCidr, gateway: BRIDGE.address }]]);
    assert.deepEqual(
      bridge.ipam.routes,
      [{ dst: SERVICE_CIDR }],
      'Services through the node, nothing else off the bridge',
    );
  });
});

describe('the cluster certificates', () => {
  it('a client certificate is for client auth only, with its groups in O', () => {
    const identity = {
      file: 'kubelet',
      commonName: 'system:node:box',
      organization: 'system:nodes',
      usage: 'client',
    } as const;
    assert.equal(subject(identity), '/O=system:nodes/CN=system:node:box');
    assert.match(extensions(identity), /^extendedKeyUsage=clientAuth$/m);
    assert.doesNotMatch(extensions(identity), /subjectAltName/);
  });

  it('a serving certificate names its addresses', () => {
    const identity = {
      file: 'apiserver',
      commonName: 'kube-apiserver',
      usage: 'server',
      altNames: ['IP:127.0.0.1', 'DNS:kubernetes'],
    } as const;
    assert.equal(subject(identity), '/CN=kube-apiserver');
    assert.match(extensions(identity), /^extendedKeyUsage=serverAuth$/m);
    assert.match(extensions(identity), /^subjectAltName=IP:127.0.0.1,DNS:kubernetes$/m);
  });
});
