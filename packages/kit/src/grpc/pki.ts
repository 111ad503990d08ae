// A throwaway certificate authority for local runs and tests, made with the machine's `openssl`.
// Never used in a deployment: there, cert-manager or a SPIFFE helper issues the certificates.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The files of one issued certificate, laid out as a cert-manager Secret mounts them (TLS_DIR). */
export interface IssuedCertificate {
  /** The folder holding tls.crt, tls.key and ca.crt. */
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  /** The SPIFFE ID in its URI SAN. */
  readonly spiffeId: string;
}

export interface IssueOptions {
  /** A certificate that expired yesterday (for tests). */
  expired?: boolean;
  /** Where its files go (default <pki dir>/<name>). */
  dir?: string;
  /** Days it is valid (default 2). */
  days?: number;
  /** The namespace in its SPIFFE ID and DNS names (default: the PKI's). */
  namespace?: string;
}

export interface Pki {
  readonly dir: string;
  /** The CA certificate every issued certificate chains to. */
  readonly caFile: string;
  /**
   * Issues a certificate for service `name`: SPIFFE ID spiffe://<trust domain>/ns/<namespace>/sa/<name>,
   * and DNS/IP names for its Kubernetes Service and for loopback (name, localhost, 127.0.0.1, ::1),
   * usable as server and as client certificate.
   */
  issue(name: string, options?: IssueOptions): IssuedCertificate;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Creates a new CA (P-256 key, valid `days`) in `dir`, which it creates. */
export function createPki(
  dir: string,
  { trustDomain = 'cluster.local', namespace = 'default', commonName = 'Online Boutique local CA', days = 2 } = {},
): Pki {
  mkdirSync(dir, { recursive: true });
  const caFile = path.join(dir, 'ca.crt');
  const caKey = path.join(dir, 'ca.key');
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      caKey,
      '-out',
      caFile,
      '-days',
      String(days),
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );

  return {
    dir,
    caFile,
    issue(
      name,
      { expired = false, dir: target = path.join(dir, name), days: validDays = days, namespace: ns = namespace } = {},
    ) {
      mkdirSync(target, { recursive: true });
      const spiffeId = `spiffe://${trustDomain}/ns/${ns}/sa/${name}`;
      const names = [name, `${name}.${ns}.svc`, `${name}.${ns}.svc.${trustDomain}`, 'localhost'];
      const extensions = path.join(target, 'ext.cnf');
      writeFileSync(
        extensions,
        [
          'basicConstraints=critical,CA:FALSE',
          'keyUsage=critical,digitalSignature',
          'extendedKeyUsage=serverAuth,clientAuth',
          `subjectAltName=URI:${spiffeId},${names.map((dns) => `DNS:${dns}`).join(',')},IP:127.0.0.1,IP:::1`,
        ].join('\n'),
      );
      // Written beside the final files and renamed over them, so a reader never sees half a file.
      const next = (file: string) => path.join(target, `.next-${file}`);
      openssl(
        [
          'req',
          '-new',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-keyout',
          next('tls.key'),
          '-out',
          next('tls.csr'),
          '-subj',
          `/CN=${name}`,
        ],
        target,
      );
      // `-days -1` ends the validity a day before it starts: an expired certificate, made today.
      openssl(
        [
          'x509',
          '-req',
          '-in',
          next('tls.csr'),
          '-CA',
          caFile,
          '-CAkey',
          caKey,
          '-CAcreateserial',
          '-days',
          expired ? '-1' : String(validDays),
          '-extfile',
          extensions,
          '-out',
          next('tls.crt'),
        ],
        target,
      );
      copyFileSync(caFile, next('ca.crt'));
      for (const file of ['ca.crt', 'tls.key', 'tls.crt']) renameSync(next(file), path.join(target, file));
      return {
        dir: target,
        certFile: path.join(target, 'tls.crt'),
        keyFile: path.join(target, 'tls.key'),
        caFile: path.join(target, 'ca.crt'),
        spiffeId,
      };
    },
  };
}
