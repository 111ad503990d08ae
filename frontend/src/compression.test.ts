import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import express from 'express';
import { chooseEncoding, compressResponses } from './compression';

describe('chooseEncoding', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    [undefined, undefined],
    ['', undefined],
    ['gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['gzip;q=0', undefined],
    ['*', 'br'],
    ['*;q=0.2, br;q=0', 'gzip'],
    ['identity', undefined],
    ['gzip;q=0.5, identity', undefined],
    ['GZIP ; q=1.0', 'gzip'],
  ];
  for (const [header, expected] of cases) {
    it(`Accept-Encoding ${JSON.stringify(header)} → ${expected ?? 'no compression'}`, () => {
      assert.equal(chooseEncoding(header), expected);
    });
  }
});

const PAGE = `<!DOCTYPE html><p>${'Sunglasses, tank top, watch, loafers, hairdryer, candle holder. '.repeat(80)}</p>`;

describe('compressResponses()', () => {
  let server: http.Server;
  let port: number;
  before(async () => {
    const app = express();
    app.use(compressResponses());
    app.get('/page', (_req, res) => void res.type('html').send(PAGE));
    app.get('/small', (_req, res) => void res.type('text').send('ok'));
    app.get('/picture', (_req, res) => void res.type('png').send(Buffer.alloc(4096, 7)));
    app.get('/no-transform', (_req, res) => void res.type('html').set('Cache-Control', 'no-transform').send(PAGE));
    app.get('/stream', (_req, res) => {
      res.type('text');
      Readable.from(Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(1000)}\n`)).pipe(res);
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  /** The raw response: status, headers and undecoded body bytes. */
  function get(route: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET') {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .request({ host: '127.0.0.1', port, path: route, headers, method }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
          );
        })
        .on('error', reject)
        .end();
    });
  }

  it('a page asked for with gzip → gzip, no Content-Length, varies on Accept-Encoding, decodes to the page', async () => {
    const response = await get('/page', { 'accept-encoding': 'gzip' });
    assert.equal(response.headers['content-encoding'], 'gzip');
    assert.equal(response.headers['content-length'], undefined);
    assert.equal(response.headers.vary, 'Accept-Encoding');
    assert.equal(zlib.gunzipSync(response.body).toString(), PAGE);
    assert.ok(response.body.length < PAGE.length / 5);
  });

  it('a browser (gzip, deflate, br) → brotli', async () => {
    const response = await get('/page', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(response.headers['content-encoding'], 'br');
    assert.equal(zlib.brotliDecompressSync(response.body).toString(), PAGE);
  });

  it('no Accept-Encoding → the page as is, still varying on Accept-Encoding', async () => {
    const response = await get('/page');
    assert.equal(response.headers['content-encoding'], undefined);
    assert.equal(response.headers.vary, 'Accept-Encoding');
    assert.equal(response.body.toString(), PAGE);
  });

  it('a streamed body → compressed without losing a byte', async () => {
    const response = await get('/stream', { 'accept-encoding': 'gzip' });
    assert.equal(response.headers['content-encoding'], 'gzip');
    const text = zlib.gunzipSync(response.body).toString();
    assert.equal(text.split('\n').length, 201);
    assert.ok(text.startsWith(`line 0 ${'x'.repeat(1000)}\nline 1 `));
  });

  it('under a kilobyte, a PNG, a HEAD request or Cache-Control: no-transform → not compressed', async () => {
    const small = await get('/small', { 'accept-encoding': 'gzip' });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.equal(small.body.toString(), 'ok');
    const picture = await get('/picture', { 'accept-encoding': 'gzip' });
    assert.equal(picture.headers['content-encoding'], undefined);
    assert.equal(picture.headers.vary, undefined);
    assert.equal(picture.body.length, 4096);
    const head = await get('/page', { 'accept-encoding': 'gzip' }, 'HEAD');
    assert.equal(head.headers['content-encoding'], undefined);
    const kept = await get('/no-transform', { 'accept-encoding': 'gzip' });
    assert.equal(kept.headers['content-encoding'], undefined);
    assert.equal(kept.body.toString(), PAGE);
  });
});
