import zlib from 'node:zlib';
import type { RequestHandler } from 'express';

export type ContentEncoding = 'br' | 'gzip' | 'deflate';

// On a tie in quality, brotli first (smaller), then gzip, then deflate.
const PREFERENCE: readonly ContentEncoding[] = ['br', 'gzip', 'deflate'];
// Text, JSON, JavaScript, XML and SVG; images, fonts and archives are compressed already.
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript|xml|[\w.-]+\+(?:json|xml))|image\/svg\+xml)/i;
// Below about a kilobyte the encoding overhead outweighs the saving.
const THRESHOLD_BYTES = 1024;
// Brotli's default (11) costs a page render's worth of CPU per page; 4 is as fast as gzip and smaller.
const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

/**
 * The encoding to answer an Accept-Encoding header with: the accepted one with the highest quality
 * (br before gzip before deflate on a tie), or undefined when none is acceptable or identity is
 * preferred to all of them.
 */
export function chooseEncoding(acceptEncoding: string | undefined): ContentEncoding | undefined {
  if (!acceptEncoding) return undefined;
  const quality = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    quality.set(coding.trim(), Number.isFinite(value) ? value : 0);
  }
  const qualityOf = (coding: string) => quality.get(coding) ?? quality.get('*') ?? 0;
  let best: ContentEncoding | undefined;
  for (const coding of PREFERENCE) if (qualityOf(coding) > (best ? qualityOf(best) : 0)) best = coding;
  // identity is acceptable unless refused, at the lowest quality that is not zero.
  const identity = quality.get('identity') ?? quality.get('*') ?? Number.MIN_VALUE;
  return best && qualityOf(best) >= identity ? best : undefined;
}

function encoder(coding: ContentEncoding): zlib.Gzip | zlib.BrotliCompress | zlib.Deflate {
  if (coding === 'br') return zlib.createBrotliCompress(BROTLI_OPTIONS);
  return coding === 'gzip' ? zlib.createGzip() : zlib.createDeflate();
}

type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;
type End = (chunk?: unknown, encoding?: unknown, callback?: unknown) => unknown;
type WriteHead = (...args: unknown[]) => unknown;

/**
 * Compresses responses the client accepts compressed: text-like types of at least a kilobyte, not
 * HEAD, 204 or 304, not already encoded, not marked no-transform. Compressible responses vary on
 * Accept-Encoding whether compressed or not, so caches keep both. Streams keep their back-pressure.
 */
export function compressResponses(): RequestHandler {
  return (req, res, next) => {
    const rawWrite = res.write as unknown as Write;
    const rawEnd = res.end as unknown as End;
    const rawWriteHead = res.writeHead as unknown as WriteHead;
    let decided = false;
    let stream: zlib.Gzip | zlib.BrotliCompress | zlib.Deflate | undefined;

    const decide = (statusCode: number) => {
      if (decided) return;
      decided = true;
      if (!COMPRESSIBLE.test(String(res.getHeader('Content-Type') ?? ''))) return;
      res.vary('Accept-Encoding');
      if (req.method === 'HEAD' || statusCode === 204 || statusCode === 304) return;
      const current = res.getHeader('Content-Encoding');
      if (current !== undefined && current !== 'identity') return;
      if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(res.getHeader('Cache-Control') ?? ''))) return;
      if (Number(res.getHeader('Content-Length')) < THRESHOLD_BYTES) return;
      const coding = chooseEncoding(req.headers['accept-encoding']);
      if (!coding) return;

      const compressing = encoder(coding);
      stream = compressing;
      res.setHeader('Content-Encoding', coding);
      res.removeHeader('Content-Length');
      compressing.on('data', (chunk: Buffer) => {
        if (!rawWrite.call(res, chunk)) compressing.pause();
      });
      compressing.on('end', () => rawEnd.call(res));
      // Writers (pipe) wait for the response's 'drain' after a full buffer: the encoder's buffer is that now.
      compressing.on('drain', () => res.emit('drain'));
      res.on('drain', () => compressing.resume());
      res.once('close', () => compressing.destroy());
    };

    res.writeHead = function writeHead(this: typeof res, ...args: unknown[]) {
      decide(typeof args[0] === 'number' ? args[0] : res.statusCode);
      return rawWriteHead.apply(this, args);
    } as typeof res.writeHead;

    res.write = function write(this: typeof res, chunk: unknown, encoding?: unknown, callback?: unknown) {
      if (!res.headersSent) decide(res.statusCode);
      return stream
        ? stream.write(chunk, encoding as BufferEncoding, callback as () => void)
        : rawWrite.call(this, chunk, encoding, callback);
    } as typeof res.write;

    res.end = function end(this: typeof res, chunk?: unknown, encoding?: unknown, callback?: unknown) {
      if (!res.headersSent) {
        // A whole body in one call: its size decides, as a Content-Length would.
        if (res.getHeader('Content-Length') === undefined && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
          res.setHeader(
            'Content-Length',
            Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined),
          );
        }
        decide(res.statusCode);
      }
      if (!stream) return rawEnd.call(this, chunk, encoding, callback) as typeof res;
      if (typeof chunk === 'function') stream.end(chunk as () => void);
      else if (chunk === undefined || chunk === null)
        stream.end(typeof encoding === 'function' ? (encoding as () => void) : undefined);
      else stream.end(chunk, encoding as BufferEncoding, callback as () => void);
      return this;
    } as typeof res.end;

    next();
  };
}
