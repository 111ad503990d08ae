// The shop on the local cluster: which images it needs, installing it with the chart or the plain
// manifests, waiting for it, and reaching its frontend Service from this host.
import path from 'node:path';
import { images } from '../deploy/kustomize';
import { helmBinary, manifestObjects, SERVICES } from '../deploy/support';
import { REPO_ROOT } from '../services';
import { ADMIN_KUBECONFIG } from './layout';
import { kubectl, kubectlOk } from './node';
import { runOk, until } from './sh';

/** The Podman images a deployment of the shop runs: the eleven of ours at `tag`, and the public ones the manifests name. */
export function shopImages(tag: string): string[] {
  const ours = SERVICES.map((service) => `boutique/${service.name}:${tag}`);
  const publicImages = images(manifestObjects()).filter((image) => !image.startsWith('boutique/'));
  return [...ours, ...publicImages];
}

export function helm(args: readonly string[], timeoutMs = 10 * 60_000): string {
  return runOk(helmBinary(), ['--kubeconfig', ADMIN_KUBECONFIG, ...args], { timeoutMs });
}

/** `helm install` (or upgrade) of helm-chart/ with its defaults, the images at `tag`, into `namespace`. */
export function installChart(
  release: string,
  namespace: string,
  tag: string,
  sets: Record<string, string> = {},
  verb = 'install',
): void {
  const args = [verb, release, path.join(REPO_ROOT, 'helm-chart'), '--namespace', namespace];
  if (verb === 'install') args.push('--create-namespace');
  args.push('--set', `images.tag=${tag}`);
  for (const [key, value] of Object.entries(sets)) args.push('--set', `${key}=${value}`);
  helm(args);
}

/** Waits until every Deployment of the namespace is rolled out and every pod Ready; returns the seconds waited. */
export async function waitForShop(namespace: string, timeoutMs = 10 * 60_000): Promise<number> {
  const started = performance.now();
  await until(
    `every pod in ${namespace} to be Ready`,
    timeoutMs,
    () => {
      const pods = JSON.parse(kubectlOk(['get', 'pods', '--namespace', namespace, '-o', 'json'])).items as PodStatus[];
      const deployments = JSON.parse(kubectlOk(['get', 'deployments', '--namespace', namespace, '-o', 'json']))
        .items as DeploymentStatus[];
      const settled = deployments.every(
        (d) =>
          d.status.updatedReplicas === d.spec.replicas &&
          d.status.readyReplicas === d.spec.replicas &&
          (d.status.replicas ?? 0) === d.spec.replicas,
      );
      return deployments.length > 0 && settled && pods.length > 0 && pods.every(isReady) ? true : undefined;
    },
    2_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${kubectl(['get', 'pods', '--namespace', namespace, '-o', 'wide']).stdout}`);
  });
  return (performance.now() - started) / 1000;
}

interface PodStatus {
  metadata: { name: string; deletionTimestamp?: string };
  status: { phase: string; conditions?: { type: string; status: string }[] };
}

interface DeploymentStatus {
  metadata: { name: string };
  spec: { replicas: number };
  status: { replicas?: number; updatedReplicas?: number; readyReplicas?: number };
}

const isReady = (pod: PodStatus): boolean =>
  !pod.metadata.deletionTimestamp &&
  pod.status.phase === 'Running' &&
  !!pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** http://<ClusterIP>:<port> of the frontend Service: kube-proxy on this host routes it to a frontend pod on the bridge. */
export function frontendUrl(namespace: string): string {
  const service = JSON.parse(kubectlOk(['get', 'service', 'frontend', '--namespace', namespace, '-o', 'json']));
  return `http://${service.spec.clusterIP}:${service.spec.ports[0].port}`;
}

/** Everything left in a namespace besides what Kubernetes puts in every namespace, as Kind/name. */
export function namespaceLeftovers(namespace: string): string[] {
  const kinds =
    'deployments,replicasets,pods,services,endpointslices,serviceaccounts,configmaps,secrets,networkpolicies,persistentvolumeclaims';
  const out = kubectlOk([
    'get',
    kinds,
    '--namespace',
    namespace,
    '-o',
    'jsonpath={range .items[*]}{.kind}/{.metadata.name}{"\\n"}{end}',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .filter((item) => item !== 'ServiceAccount/default' && item !== 'ConfigMap/kube-root-ca.crt');
}
