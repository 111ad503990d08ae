// helm-chart/ with mutual TLS: certificates mounted from cert-manager or existing Secrets, probes kept
// working, renders valid, and one call graph for the launcher's services table, the chart's policies and
// the ALLOWED_CALLERS each service enforces.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hipstershop } from '@boutique/kit';
import { SERVICES } from '../services';
import {
  containerEnv,
  find,
  GRPC_SERVICES,
  helmTemplate,
  isIstio,
  type K8sObject,
  kubernetesValidateFiles,
} from './support';

const MTLS = { 'mtls.enabled': true };
const CERT_MANAGER = {
  ...MTLS,
  'certManager.enabled': true,
  'certManager.issuerRef.name': 'shop-ca',
  'certManager.issuerRef.kind': 'ClusterIssuer',
};
const RENDERS: Record<string, Record<string, string | boolean | number>> = {
  'mtls with existing Secrets': { ...MTLS, 'mtls.existingSecrets.cartservice': 'my-cart-cert' },
  'mtls with cert-manager': CERT_MANAGER,
  'mtls with cert-manager, NetworkPolicies and Sidecars': {
    ...CERT_MANAGER,
    'networkPolicies.create': true,
    'sidecars.create': true,
    'mtls.healthPort': 9000,
    'serviceAccounts.create': false,
  },
};

const isCertManager = (object: K8sObject) => String(object.apiVersion).startsWith('cert-manager.io/');
const deployments = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'Deployment');
const container = (deployment: K8sObject) => deployment.spec.template.spec.containers[0];

/** The renders' error message, when helm refuses them. */
function refusal(sets: Record<string, string | boolean>): string {
  try {
    helmTemplate(sets);
  } catch (err) {
    return String(err);
  }
  assert.fail('helm template should have failed');
}

describe('helm chart with mutual TLS', () => {
  it('every Kubernetes object of every mTLS render validates against the Kubernetes schemas', () => {
    const files = Object.fromEntries(
      Object.entries(RENDERS).map(([label, sets]) => [
        label,
        helmTemplate(sets).filter((o) => !isIstio(o) && !isCertManager(o)),
      ]),
    );
    const result = kubernetesValidateFiles(files);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  it('defaults → no certificate, no TLS variable, probes on the service port (the original wire)', () => {
    const objects = helmTemplate();
    assert.equal(objects.filter(isCertManager).length, 0);
    for (const deployment of deployments(objects)) {
      assert.equal(containerEnv(deployment).TLS_DIR, undefined, deployment.metadata.name);
      const volumes: K8sObject[] = deployment.spec.template.spec.volumes ?? [];
      assert.equal(
        volumes.some((volume) => volume.name === 'mtls'),
        false,
        deployment.metadata.name,
      );
    }
    for (const { name, port } of GRPC_SERVICES) {
      assert.deepEqual(container(find(objects, 'Deployment', name)!).readinessProbe.grpc, { port }, name);
    }
  });

  for (const [label, sets] of Object.entries(RENDERS)) {
    it(`${label} → every gRPC service and the frontend mount their certificate; probes use the plaintext health port`, () => {
      const objects = helmTemplate(sets);
      const healthPort = Number(sets['mtls.healthPort'] ?? 8099);
      for (const { name, port } of GRPC_SERVICES) {
        const deployment = find(objects, 'Deployment', name)!;
        const env = containerEnv(deployment);
        assert.equal(env.TLS_DIR, '/var/run/boutique/tls', name);
        assert.equal(env.HEALTH_PORT, String(healthPort), name);
        assert.equal(env.TLS_REFRESH_INTERVAL, '30s', name);
        assert.deepEqual(container(deployment).readinessProbe.grpc, { port: healthPort }, name);
        assert.deepEqual(container(deployment).livenessProbe.grpc, { port: healthPort }, name);
        assert.notEqual(port, healthPort, `${name}: the health port differs from the service port`);
        assert.deepEqual(container(deployment).volumeMounts, [
          { name: 'mtls', mountPath: '/var/run/boutique/tls', readOnly: true },
        ]);
        const secret =
          name === 'cartservice' && sets['mtls.existingSecrets.cartservice'] ? 'my-cart-cert' : `${name}-mtls`;
        assert.deepEqual(deployment.spec.template.spec.volumes, [{ name: 'mtls', secret: { secretName: secret } }]);
      }
      const frontend = find(objects, 'Deployment', 'frontend')!;
      assert.equal(containerEnv(frontend).TLS_DIR, '/var/run/boutique/tls');
      assert.equal(containerEnv(frontend).HEALTH_PORT, undefined, 'the frontend serves HTTP, not gRPC');
      assert.deepEqual(container(frontend).readinessProbe.httpGet.port, 8080);
      assert.equal(containerEnv(find(objects, 'Deployment', 'loadgenerator')!).TLS_DIR, undefined);
    });
  }

  it('existing Secrets → no cert-manager object', () => {
    assert.equal(helmTemplate(RENDERS['mtls with existing Secrets']!).filter(isCertManager).length, 0);
  });

  it('cert-manager → one Certificate per gRPC service and the frontend, shaped as cert-manager v1 expects', () => {
    const objects = helmTemplate(CERT_MANAGER);
    const certificates = objects.filter(isCertManager);
    const names = [...GRPC_SERVICES.map((s) => s.name), 'frontend'].sort();
    assert.deepEqual(
      certificates.map((c) => c.metadata.name).sort(),
      names.map((n) => `${n}-mtls`),
    );
    for (const certificate of certificates) {
      const name = certificate.metadata.labels.app as string;
      assert.equal(certificate.apiVersion, 'cert-manager.io/v1');
      assert.equal(certificate.kind, 'Certificate');
      assert.equal(certificate.metadata.namespace, 'shop');
      assert.deepEqual(certificate.spec, {
        secretName: `${name}-mtls`,
        duration: '24h',
        renewBefore: '8h',
        commonName: name,
        dnsNames: [name, `${name}.shop.svc`, `${name}.shop.svc.cluster.local`],
        uris: [`spiffe://cluster.local/ns/shop/sa/${name}`],
        usages: ['server auth', 'client auth', 'digital signature'],
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        issuerRef: { name: 'shop-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      });
      // The Secret cert-manager writes is the one the pod mounts.
      const deployment = find(objects, 'Deployment', name)!;
      assert.equal(deployment.spec.template.spec.volumes[0].secret.secretName, certificate.spec.secretName);
    }
  });

  it('cert-manager without an issuer, or mTLS together with Istio AuthorizationPolicies → refused with a reason', () => {
    assert.match(
      refusal({ ...MTLS, 'certManager.enabled': true }),
      /certManager.issuerRef.name is required when certManager.enabled/,
    );
    assert.match(
      refusal({ ...MTLS, 'authorizationPolicies.create': true }),
      /mtls.enabled and authorizationPolicies.create are alternatives/,
    );
  });

  it('the values schema rejects a malformed mTLS setting', () => {
    assert.match(refusal({ 'mtls.enabled': 'yes' }), /enabled/);
    assert.match(refusal({ 'mtls.refreshInterval': 'soon' }), /refreshInterval/);
    assert.match(refusal({ 'certManager.issuerRef.kind': 'Vault' }), /kind/);
    assert.match(refusal({ 'mtls.tls': true }), /tls/);
  });
});

describe('one call graph for the launcher, the chart and the services', () => {
  const policies = helmTemplate({ 'networkPolicies.create': true, 'authorizationPolicies.create': true });
  // mTLS and Istio's AuthorizationPolicies are alternatives, so the env var comes from its own render.
  const mtls = helmTemplate({ ...MTLS, 'networkPolicies.create': true });
  const launcherCallers = new Map(SERVICES.filter((spec) => spec.callers).map((spec) => [spec.name, spec.callers!]));
  const grpcServiceOf = (name: string): string => {
    const rule = find(policies, 'AuthorizationPolicy', name)!.spec.rules[0];
    return (rule.to[0].operation.paths[0] as string).split('/')[1]!;
  };

  it('the chart’s callees (by policy and by ALLOWED_CALLERS) are the services with callers in the launcher’s table', () => {
    const launcher = [...launcherCallers.keys()].sort();
    assert.deepEqual(GRPC_SERVICES.map((s) => s.name).sort(), launcher);
    const byPolicy = policies
      .filter((o) => o.kind === 'AuthorizationPolicy' && o.spec.rules?.[0]?.to?.[0]?.operation?.paths)
      .map((o) => o.metadata.name as string);
    assert.deepEqual(byPolicy.sort(), launcher);
    const byEnv = deployments(mtls)
      .filter((d) => containerEnv(d).ALLOWED_CALLERS !== undefined)
      .map((d) => d.metadata.name as string);
    assert.deepEqual(byEnv.sort(), launcher);
  });

  it('the frontend and the load generator get no ALLOWED_CALLERS: they serve no gRPC', () => {
    for (const name of ['frontend', 'loadgenerator']) {
      assert.equal(containerEnv(find(mtls, 'Deployment', name)!).ALLOWED_CALLERS, undefined, name);
    }
  });

  for (const { name } of GRPC_SERVICES) {
    it(`${name}: the launcher's callers, the NetworkPolicy, the AuthorizationPolicy and ALLOWED_CALLERS agree`, () => {
      const expected = [...(launcherCallers.get(name) ?? [])].sort();
      assert.notEqual(expected.length, 0, `${name} has callers in the launcher's table`);
      const network = find(policies, 'NetworkPolicy', name)!.spec.ingress[0].from.map(
        (peer: K8sObject) => peer.podSelector.matchLabels.app,
      );
      assert.deepEqual([...network].sort(), expected);
      const rule = find(policies, 'AuthorizationPolicy', name)!.spec.rules[0];
      const principals = (rule.from[0].source.principals as string[]).map((p) => p.split('/sa/')[1]);
      assert.deepEqual(principals.sort(), expected);
      const allowed = containerEnv(find(mtls, 'Deployment', name)!).ALLOWED_CALLERS as string;
      assert.deepEqual(allowed.split(',').sort(), expected);
      const mtlsNetwork = find(mtls, 'NetworkPolicy', name)!.spec.ingress[0].from.map(
        (peer: K8sObject) => peer.podSelector.matchLabels.app,
      );
      assert.deepEqual([...mtlsNetwork].sort(), expected);
      // The services authorise whole gRPC services; the chart lists each method, so it must list them all.
      const grpcService = grpcServiceOf(name);
      const methods = Object.values(
        (hipstershop as unknown as Record<string, { service: Record<string, { path: string }> }>)[
          grpcService.split('.')[1]!
        ]!.service,
      ).map((method) => method.path);
      assert.deepEqual([...rule.to[0].operation.paths].sort(), methods.sort());
    });
  }

  it('renamed services → ALLOWED_CALLERS names the new names, as the policies do', () => {
    const renamed = helmTemplate({
      ...MTLS,
      'networkPolicies.create': true,
      'checkoutService.name': 'checkout',
      'cartService.name': 'cart',
    });
    assert.equal(containerEnv(find(renamed, 'Deployment', 'cart')!).ALLOWED_CALLERS, 'frontend,checkout');
    assert.equal(containerEnv(find(renamed, 'Deployment', 'paymentservice')!).ALLOWED_CALLERS, 'checkout');
    const network = find(renamed, 'NetworkPolicy', 'cart')!.spec.ingress[0].from.map(
      (peer: K8sObject) => peer.podSelector.matchLabels.app,
    );
    assert.deepEqual([...network].sort(), ['checkout', 'frontend']);
  });

  it('mTLS off → no ALLOWED_CALLERS anywhere (the original wire)', () => {
    for (const deployment of deployments(policies)) {
      assert.equal(containerEnv(deployment).ALLOWED_CALLERS, undefined, deployment.metadata.name);
    }
  });
});
