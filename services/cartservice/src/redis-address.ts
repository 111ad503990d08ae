import { isIP } from 'node:net';

/** Where and how to reach Redis, as ioredis takes it. */
export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  /**
   * TLS on, with an optional server name for SNI and certificate checks, and optionally the PEM of the
   * only certificate authorities to trust (instead of the public ones), for a Redis with a private CA.
   */
  tls?: { servername?: string; ca?: string };
  connectTimeoutMs?: number;
}

export interface ParsedRedisAddress {
  target: RedisTarget;
  /** Parts that were understood but ignored, worth a log line at start-up. */
  warnings: string[];
}

const DEFAULT_PORT = 6379;
// host, host:port, [ipv6] or [ipv6]:port
const ENDPOINT = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+))(?::(\d+))?$/;

function parsePort(text: string | undefined, what: string): number {
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65_535) throw new Error(`${what} has port "${text}", not 1-65535`);
  return port;
}

function parseEndpoint(text: string): { host: string; port: number } {
  const match = ENDPOINT.exec(text);
  if (!match) throw new Error(`"${text}" is not host:port`);
  return { host: (match[1] ?? match[2])!, port: parsePort(match[3], `"${text}"`) };
}

function parseBoolean(name: string, value: string): boolean {
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new Error(`option ${name} must be true or false, got "${value}"`);
}

function parseUrl(text: string): ParsedRedisAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('is not a valid redis:// URL');
  }
  if (url.hostname === '') throw new Error('has no host');
  const warnings = [...url.searchParams.keys()].map((key) => `ignored URL parameter "${key}"`);
  const target: RedisTarget = {
    // URL keeps the brackets around an IPv6 literal; the socket wants the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsePort(url.port, 'URL'),
  };
  if (url.username) target.username = decodeURIComponent(url.username);
  if (url.password) target.password = decodeURIComponent(url.password);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '') {
    if (!/^\d+$/.test(path)) throw new Error(`has database "${path}", not a number`);
    target.db = Number(path);
  }
  if (url.protocol === 'rediss:') target.tls = tlsFor(target.host);
  return { target, warnings };
}

// SNI carries host names only (RFC 6066), and Node warns when given an IP; without a servername Node
// still checks the certificate against the address it connects to, so an IP endpoint stays verified.
function tlsFor(serverName: string): { servername?: string } {
  return isIP(serverName) === 0 ? { servername: serverName } : {};
}

// The StackExchange.Redis options the original's REDIS_ADDR may carry that change how we connect.
// abortConnect only decides whether the first failed connect is fatal; we never give up and keep
// retrying either way, so it is accepted silently.
const SILENTLY_ACCEPTED = new Set(['abortconnect']);

function parseStackExchange(text: string): ParsedRedisAddress {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const endpoints = parts.filter((part) => !part.includes('='));
  if (endpoints.length === 0) throw new Error('names no host:port');
  const warnings: string[] = [];
  if (endpoints.length > 1) warnings.push(`only the first endpoint (${endpoints[0]}) is used`);
  const target: RedisTarget = parseEndpoint(endpoints[0]!);
  let ssl = false;
  let sslHost: string | undefined;
  for (const part of parts.filter((p) => p.includes('='))) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    switch (name.toLowerCase()) {
      case 'ssl':
        ssl = parseBoolean(name, value);
        break;
      case 'sslhost':
        sslHost = value;
        break;
      case 'password':
        target.password = value;
        break;
      case 'user':
        target.username = value;
        break;
      case 'defaultdatabase':
        if (!/^\d+$/.test(value)) throw new Error(`option defaultDatabase must be a number, got "${value}"`);
        target.db = Number(value);
        break;
      case 'connecttimeout':
        if (!/^\d+$/.test(value)) throw new Error(`option connectTimeout must be milliseconds, got "${value}"`);
        target.connectTimeoutMs = Number(value);
        break;
      default:
        if (!SILENTLY_ACCEPTED.has(name.toLowerCase())) warnings.push(`ignored option "${name}"`);
    }
  }
  if (ssl) target.tls = tlsFor(sslHost ?? target.host);
  else if (sslHost !== undefined) warnings.push('ignored option "sslHost" (ssl is off)');
  return { target, warnings };
}

/**
 * Parses REDIS_ADDR in any of the forms deployments use: `host:port` (port 6379 when omitted),
 * the original's StackExchange.Redis string (`host:port,ssl=true,password=...,abortConnect=false`),
 * or a `redis://` / `rediss://` URL (`rediss://user:pass@host:6380/2`). Unknown options are ignored
 * with a warning; a malformed address throws, naming the problem (never the password).
 */
export function parseRedisAddress(text: string): ParsedRedisAddress {
  const value = text.trim();
  try {
    if (/^rediss?:\/\//i.test(value)) return parseUrl(value);
    return parseStackExchange(value);
  } catch (err) {
    throw new Error(`REDIS_ADDR ${(err as Error).message}`);
  }
}
