// The cluster's certificates, made with openssl: one CA, the apiserver's and the kubelet's serving
// certificates, a client certificate per component, and the service-account signing key. ECDSA P-256
// keys: quick to make, and accepted everywhere Kubernetes reads a key.
import fs from 'node:fs';
import path from 'node:path';
import { kubeconfig } from './configs';
import { BRIDGE, CLUSTER_DOMAIN, KUBERNETES_SERVICE_IP, nodeName, PKI_DIR, STATE_DIR } from './layout';
import { runOk } from './sh';

export interface Identity {
  /** File name stem under PKI_DIR (and STATE_DIR/<file>.kubeconfig for clients). */
  file: string;
  commonName: string;
  organization?: string;
  usage: 'client' | 'server' | 'both';
  altNames?: readonly string[];
}

/** Every identity of the cluster; the kubelet's user name must be system:node:<node name> for the Node authorizer. */
export function identities(): Identity[] {
  const node = nodeName();
  return [
    {
      file: 'apiserver',
      commonName: 'kube-apiserver',
      usage: 'server',
      altNames: [
        'IP:127.0.0.1',
        `IP:${BRIDGE.address}`,
        `IP:${KUBERNETES_SERVICE_IP}`,
        'DNS:localhost',
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        `DNS:kubernetes.default.svc.${CLUSTER_DOMAIN}`,
      ],
    },
    {
      file: 'kubelet-serving',
      commonName: `system:node:${node}`,
      organization: 'system:nodes',
      usage: 'server',
      altNames: [`IP:${BRIDGE.address}`, `DNS:${node}`],
    },
    { file: 'admin', commonName: 'boutique-admin', organization: 'system:masters', usage: 'client' },
    {
      file: 'apiserver-kubelet-client',
      commonName: 'kube-apiserver-kubelet-client',
      organization: 'system:masters',
      usage: 'client',
    },
    { file: 'kubelet', commonName: `system:node:${node}`, organization: 'system:nodes', usage: 'client' },
    { file: 'kube-controller-manager', commonName: 'system:kube-controller-manager', usage: 'client' },
    { file: 'kube-scheduler', commonName: 'system:kube-scheduler', usage: 'client' },
    { file: 'kube-proxy', commonName: 'system:kube-proxy', usage: 'client' },
    { file: 'coredns', commonName: 'boutique:coredns', usage: 'client' },
  ];
}

const pki = (file: string) => path.join(PKI_DIR, file);

/** The openssl extension section for one identity. */
export function extensions(identity: Identity): string {
  const usages = { client: 'clientAuth', server: 'serverAuth', both: 'serverAuth,clientAuth' }[identity.usage];
  const lines = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usages}`,
  ];
  if (identity.altNames?.length) lines.push(`subjectAltName=${identity.altNames.join(',')}`);
  return `${lines.join('\n')}\n`;
}

export const subject = (identity: Identity): string =>
  `${identity.organization ? `/O=${identity.organization}` : ''}/CN=${identity.commonName}`;

const newKey = (file: string) =>
  runOk('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);

/** Makes every certificate and kubeconfig the cluster needs, unless the CA already exists. */
export function ensurePki(): void {
  if (fs.existsSync(pki('ca.crt'))) return;
  fs.mkdirSync(PKI_DIR, { recursive: true, mode: 0o700 });
  newKey(pki('ca.key'));
  runOk('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    pki('ca.key'),
    '-subj',
    '/CN=boutique-cluster-ca',
    '-days',
    '30',
    '-out',
    pki('ca.crt'),
  ]);
  for (const identity of identities()) {
    newKey(pki(`${identity.file}.key`));
    runOk('openssl', [
      'req',
      '-new',
      '-key',
      pki(`${identity.file}.key`),
      '-subj',
      subject(identity),
      '-out',
      pki(`${identity.file}.csr`),
    ]);
    fs.writeFileSync(pki(`${identity.file}.ext`), extensions(identity));
    runOk('openssl', [
      'x509',
      '-req',
      '-in',
      pki(`${identity.file}.csr`),
      '-CA',
      pki('ca.crt'),
      '-CAkey',
      pki('ca.key'),
      '-CAcreateserial',
      '-days',
      '30',
      '-extfile',
      pki(`${identity.file}.ext`),
      '-out',
      pki(`${identity.file}.crt`),
    ]);
    if (identity.usage !== 'server')
      fs.writeFileSync(path.join(STATE_DIR, `${identity.file}.kubeconfig`), kubeconfig(identity.file));
  }
  // The service-account token signing pair.
  newKey(pki('service-account.key'));
  runOk('openssl', ['pkey', '-in', pki('service-account.key'), '-pubout', '-out', pki('service-account.pub')]);
}
