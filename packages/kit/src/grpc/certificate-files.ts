import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { experimental } from '@grpc/grpc-js';
import { logger } from '../logger';
import { parseSpiffeId, type SpiffeId, spiffeIdsOf } from './identity';

type CaListener = experimental.CaCertificateUpdateListener;
type IdentityListener = experimental.IdentityCertificateUpdateListener;

/** Where one process's certificate, private key and CA bundle live (PEM files). */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  /** How often the files are checked for a new certificate, in ms. */
  readonly refreshMs: number;
}

/** One consistent set of key material, checked when it was read. */
export interface CertificateMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca: Buffer;
  /** The SPIFFE ID in the certificate's URI SAN: who this process is. */
  readonly identity: SpiffeId;
  /** When the certificate expires. */
  readonly notAfter: Date;
}

/** Reads and checks the three files; throws naming what is wrong with them. */
export function readCertificateMaterial(files: TlsFiles): CertificateMaterial {
  const cert = readFileSync(files.certFile);
  const key = readFileSync(files.keyFile);
  const ca = readFileSync(files.caFile);
  const leaf = new X509Certificate(cert);
  // Rotation writes the certificate and the key one after the other; reading between the two writes
  // gives a pair that cannot complete a handshake, so such a pair is refused, never installed.
  if (!leaf.checkPrivateKey(createPrivateKey(key))) {
    throw new Error(`${files.keyFile} is not the private key of ${files.certFile}`);
  }
  new X509Certificate(ca); // throws when the CA bundle does not start with a certificate
  const [uri] = spiffeIdsOf(leaf.subjectAltName);
  const identity = uri === undefined ? undefined : parseSpiffeId(uri);
  if (!identity) {
    throw new Error(`${files.certFile} has no SPIFFE ID (spiffe://<trust-domain>/ns/<namespace>/sa/<name>) in its SAN`);
  }
  return { cert, key, ca, identity, notAfter: new Date(leaf.validTo) };
}

/**
 * A certificate, key and CA bundle read from files and re-read when they change, so a renewed
 * certificate (cert-manager, a SPIFFE helper, kubelet's secret refresh) is used without a restart.
 * New connections get the new certificate; open ones keep theirs until they close.
 *
 * It is a grpc-js certificate provider (for channel credentials) that, unlike grpc-js's own
 * FileWatcherCertificateProvider, reads the first set synchronously (a server is never up without
 * its certificate), announces a set only when it changed (no new TLS context every period), and keeps
 * the last good set when the files hold a broken or half-written one.
 */
export class CertificateFiles implements experimental.CertificateProvider {
  private material: CertificateMaterial;
  private readonly caListeners = new Set<CaListener>();
  private readonly identityListeners = new Set<IdentityListener>();
  private readonly changeListeners = new Set<(material: CertificateMaterial) => void>();
  private timer: NodeJS.Timeout | undefined;
  private lastProblem = '';

  constructor(readonly files: TlsFiles) {
    this.material = readCertificateMaterial(files);
  }

  /** The set in use now. */
  current(): CertificateMaterial {
    return this.material;
  }

  /** Reads the files again and switches to them if they hold a different, valid set; true if it switched. */
  refresh(): boolean {
    let next: CertificateMaterial;
    try {
      next = readCertificateMaterial(this.files);
    } catch (err) {
      const problem = String(err);
      // Logged once per distinct problem: the next period usually finds the rotation finished.
      if (problem !== this.lastProblem)
        logger().warn({ err }, 'certificate files unusable, keeping the current certificate');
      this.lastProblem = problem;
      return false;
    }
    this.lastProblem = '';
    const now = this.material;
    if (next.cert.equals(now.cert) && next.key.equals(now.key) && next.ca.equals(now.ca)) return false;
    this.material = next;
    logger().info({ identity: next.identity.uri, notAfter: next.notAfter.toISOString() }, 'certificate reloaded');
    for (const listener of this.identityListeners) listener({ certificate: next.cert, privateKey: next.key });
    for (const listener of this.caListeners) listener({ caCertificate: next.ca });
    for (const listener of this.changeListeners) listener(next);
    return true;
  }

  /** Calls `listener` with every new set until the returned function is called. */
  onChange(listener: (material: CertificateMaterial) => void): () => void {
    this.changeListeners.add(listener);
    this.watch();
    return () => {
      this.changeListeners.delete(listener);
      this.unwatchIfIdle();
    };
  }

  addCaCertificateListener(listener: CaListener): void {
    this.caListeners.add(listener);
    this.watch();
    // grpc-js registers a listener and only then its own watchers, so the first set must arrive later.
    process.nextTick(() => this.caListeners.has(listener) && listener({ caCertificate: this.material.ca }));
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.caListeners.delete(listener);
    this.unwatchIfIdle();
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.add(listener);
    this.watch();
    process.nextTick(
      () =>
        this.identityListeners.has(listener) &&
        listener({ certificate: this.material.cert, privateKey: this.material.key }),
    );
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.identityListeners.delete(listener);
    this.unwatchIfIdle();
  }

  private watch(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.refresh(), this.files.refreshMs);
    this.timer.unref(); // watching files never keeps a process alive
  }

  private unwatchIfIdle(): void {
    if (this.caListeners.size + this.identityListeners.size + this.changeListeners.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
