import path from 'node:path';
import {
  type ChannelCredentials,
  credentials,
  experimental,
  ServerCredentials,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import { type EnvReader, readEnv } from '../config';
import { logger } from '../logger';
import { authorisationInterceptor, callerTableFor, invalidCallerNames } from './authorisation';
import { CertificateFiles, type TlsFiles } from './certificate-files';

/** How this process's gRPC servers and clients talk: plaintext (the original's wire) or mutual TLS. */
export interface TransportSettings {
  /** Set when mutual TLS is on. */
  readonly tls?: TlsFiles;
  /**
   * With mutual TLS on: a port that serves grpc.health.v1 alone, in plaintext, because the kubelet's
   * gRPC probes cannot speak TLS. Health on the main port stays open to TLS clients without a certificate.
   */
  readonly healthPort?: number;
  /**
   * With mutual TLS on: the names of the callers this process's gRPC services accept (the
   * service-account segment of their SPIFFE ID, in this server's trust domain and namespace).
   * Unset: any identity of that trust domain and namespace may call.
   */
  readonly allowedCallers?: readonly string[];
}

/**
 * Reads the transport settings. Mutual TLS is on when TLS_DIR is set (a folder holding tls.crt,
 * tls.key and ca.crt, as a cert-manager Secret mounts) or TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE
 * are (all three); TLS_REFRESH_INTERVAL (default 10s) is how often the files are checked for a renewed
 * certificate; HEALTH_PORT adds the plaintext health port; ALLOWED_CALLERS (a comma list of caller
 * names) is who may call this process's gRPC services. With none of them set, plaintext as the original.
 */
export function readTransportSettings(read: EnvReader): TransportSettings {
  const dir = read.optional('TLS_DIR');
  const certFile = read.optional('TLS_CERT_FILE');
  const keyFile = read.optional('TLS_KEY_FILE');
  const caFile = read.optional('TLS_CA_FILE');
  const refreshMs = read.duration('TLS_REFRESH_INTERVAL', 10_000);
  const healthPort = read.optional('HEALTH_PORT') === undefined ? undefined : read.port('HEALTH_PORT', 0);
  const allowedCallers = read
    .optional('ALLOWED_CALLERS')
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const files = [certFile, keyFile, caFile];

  let tls: TlsFiles | undefined;
  if (dir !== undefined) {
    tls = {
      certFile: certFile ?? path.join(dir, 'tls.crt'),
      keyFile: keyFile ?? path.join(dir, 'tls.key'),
      caFile: caFile ?? path.join(dir, 'ca.crt'),
      refreshMs,
    };
  } else if (files.every((file) => file !== undefined)) {
    tls = { certFile: certFile!, keyFile: keyFile!, caFile: caFile!, refreshMs };
  } else if (files.some((file) => file !== undefined)) {
    read.problem('TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE must be set together (or TLS_DIR)');
  }
  if (refreshMs <= 0) read.problem('TLS_REFRESH_INTERVAL must be longer than 0');
  if (healthPort !== undefined && !tls)
    read.problem('HEALTH_PORT is only used with mutual TLS (TLS_DIR or TLS_*_FILE)');
  if (allowedCallers !== undefined) {
    // A list that names no one would lock every caller out; one that is ignored would promise a
    // restriction that does not exist. Both are refused at start-up.
    const invalid = invalidCallerNames(allowedCallers);
    if (allowedCallers.length === 0) read.problem('ALLOWED_CALLERS must name at least one caller');
    if (invalid.length > 0)
      read.problem(
        `ALLOWED_CALLERS must be a comma list of service names, not ${invalid.map((n) => `"${n}"`).join(', ')}`,
      );
    if (!tls) read.problem('ALLOWED_CALLERS is only used with mutual TLS (TLS_DIR or TLS_*_FILE)');
  }
  return { tls, healthPort, allowedCallers };
}

/** The credentials and server interceptors that put transport settings into effect. */
export interface Transport {
  readonly secure: boolean;
  /** The certificate files in use (mutual TLS only). */
  readonly certificates?: CertificateFiles;
  readonly healthPort?: number;
  serverCredentials(): ServerCredentials;
  /**
   * Server interceptors for a server of `services` (fully-qualified names): with mutual TLS, the
   * caller check, allowing `allowedCallers` (default: the settings' allow-list).
   */
  serverInterceptors(services: readonly string[], allowedCallers?: readonly string[]): ServerInterceptor[];
  channelCredentials(): ChannelCredentials;
}

/**
 * Server credentials over rotating certificate files. A client certificate is requested but not
 * required at the TLS layer, so probes without one can still ask grpc.health.v1; every other call
 * is checked by the authorisation interceptor, which only sees certificates that verified.
 */
class RotatingServerCredentials extends ServerCredentials {
  private stopWatching: (() => void) | undefined;

  constructor(private readonly certificates: CertificateFiles) {
    super({ requestCert: true, rejectUnauthorized: false }, contextOptions(certificates));
  }

  override _addWatcher(watcher: Parameters<ServerCredentials['_addWatcher']>[0]): void {
    super._addWatcher(watcher);
    this.stopWatching ??= this.certificates.onChange(() =>
      this.updateSecureContextOptions(contextOptions(this.certificates)),
    );
  }

  override _removeWatcher(watcher: Parameters<ServerCredentials['_removeWatcher']>[0]): void {
    super._removeWatcher(watcher);
    if (this.getWatcherCount() === 0) {
      this.stopWatching?.();
      this.stopWatching = undefined;
    }
  }

  _equals(other: ServerCredentials): boolean {
    return this === other;
  }
}

function contextOptions(certificates: CertificateFiles) {
  const { cert, key, ca } = certificates.current();
  return { cert, key, ca };
}

/** The transport for the given settings; with TLS, the certificate files are read now (and must be valid). */
export function createTransport(settings: TransportSettings): Transport {
  if (!settings.tls) {
    return {
      secure: false,
      serverCredentials: () => ServerCredentials.createInsecure(),
      serverInterceptors: () => [],
      channelCredentials: () => credentials.createInsecure(),
    };
  }
  const certificates = new CertificateFiles(settings.tls);
  // One credentials object per process: grpc-js shares a subchannel only between equal credentials.
  const channel = experimental.createCertificateProviderChannelCredentials(certificates, certificates);
  let warnedOpen = false;
  return {
    secure: true,
    certificates,
    healthPort: settings.healthPort,
    serverCredentials: () => new RotatingServerCredentials(certificates),
    serverInterceptors: (services, allowedCallers = settings.allowedCallers) => {
      const self = () => certificates.current().identity;
      if (allowedCallers === undefined && !warnedOpen) {
        warnedOpen = true;
        logger().warn(
          { identity: self().uri, trustDomain: self().trustDomain, namespace: self().namespace },
          'mutual TLS without an allow-list (ALLOWED_CALLERS): any identity of this trust domain and namespace may call',
        );
      }
      const callers = allowedCallers === undefined ? undefined : callerTableFor(services, allowedCallers);
      return [authorisationInterceptor(self, callers)];
    },
    channelCredentials: () => channel,
  };
}

let processTransport: Transport | undefined;

/**
 * The transport this process's environment asks for, read once through readEnv; a ConfigError names
 * every problem. serve(), createClient() and checkHealth() use it unless they are given another.
 */
export function transportFromEnv(): Transport {
  if (!processTransport) {
    const read = readEnv(process.env);
    const settings = readTransportSettings(read);
    read.done();
    processTransport = createTransport(settings);
  }
  return processTransport;
}
