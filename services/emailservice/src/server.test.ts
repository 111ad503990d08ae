import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  checkHealth,
  closeAllChannels,
  createClient,
  hipstershop,
  initLogger,
  isServiceError,
  type Running,
  serve,
  status,
  type UnaryClient,
} from '@boutique/kit';
import type { SendOrderConfirmationRequest } from '@boutique/kit/generated/hipstershop/SendOrderConfirmationRequest';
import { SMTPServer } from 'smtp-server';
import { logMailer, type SmtpSettings, smtpMailer } from './mailer';
import { emailService } from './server';

// Every log line of this process, parsed, so tests can assert on what was (and was not) logged.
const logLines: Record<string, unknown>[] = [];
const log = initLogger('emailservice-test', {
  level: 'debug',
  destination: new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)));
      done();
    },
  }),
});

type EmailClient = UnaryClient<typeof hipstershop.EmailService.service>;

function aRequest(overrides: Partial<SendOrderConfirmationRequest> = {}): SendOrderConfirmationRequest {
  return {
    email: 'someone@example.com',
    order: {
      orderId: '0e1c5a1e-4d7f-4c38-9b8a-8a3b1d7e2f41',
      shippingTrackingId: 'QW-31123-157654321',
      shippingCost: { currencyCode: 'EUR', units: '7', nanos: 952_233_525 },
      shippingAddress: {
        streetAddress: '<script>alert(1)</script>',
        city: 'Zürich',
        state: '',
        country: 'Switzerland',
        zipCode: 8001,
      },
      items: [
        {
          item: { productId: 'OLJCESPC7Z', quantity: 2 },
          cost: { currencyCode: 'EUR', units: '17', nanos: 682_441_398 },
        },
      ],
    },
    ...overrides,
  };
}

async function expectStatus(promise: Promise<unknown>, code: status, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isServiceError(err), `not a gRPC error: ${String(err)}`);
    assert.equal(err.code, code, `got ${status[err.code]}: ${err.details}`);
    if (message) assert.match(err.details, message);
    return true;
  });
}

/** A received SMTP message: envelope, headers (unfolded, lower-case names) and decoded MIME parts. */
interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  headers: Map<string, string>;
  parts: Map<string, string>;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  // Folded header lines continue with whitespace (RFC 5322 §2.2.3).
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const unfolded = body.replace(/=\r\n/g, '');
  for (let i = 0; i < unfolded.length; i++) {
    const hex = unfolded.slice(i + 1, i + 3);
    if (unfolded[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unfolded[i]!, 'latin1'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The decoded text of a part, with the CRLF line ends of the wire turned back into "\n". */
function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase() ?? '7bit';
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : Buffer.from(body, 'latin1').toString('utf8');
  return decoded.replace(/\r\n/g, '\n');
}

/** Splits a multipart/alternative message into its parts by content type. */
function parseMessage(raw: string): { headers: Map<string, string>; parts: Map<string, string> } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(raw.slice(0, split));
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  assert.ok(boundary, 'message is not multipart');
  const parts = new Map<string, string>();
  for (const chunk of raw
    .slice(split + 4)
    .split(`--${boundary}`)
    .slice(1, -1)) {
    const partSplit = chunk.indexOf('\r\n\r\n');
    const partHeaders = parseHeaders(chunk.slice(2, partSplit));
    const type = partHeaders.get('content-type')!.split(';')[0]!;
    parts.set(type, decodeBody(partHeaders, chunk.slice(partSplit + 4).replace(/\r\n$/, '')));
  }
  return { headers, parts };
}

/** A real SMTP server on a free loopback port that records what it receives. */
async function startSmtpSink(options: { user?: string; password?: string; refuse?: string } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: !options.user,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) callback(null, { user: auth.username });
      else callback(new Error('invalid credentials'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address === options.refuse)
        callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { headers, parts } = parseMessage(Buffer.concat(chunks).toString('latin1'));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user,
          headers,
          parts,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function startEmail(mailer: Parameters<typeof emailService>[0]) {
  const running = await serve({ port: 0, handleSignals: false, services: [emailService(mailer)] });
  const client = createClient(hipstershop.EmailService, `127.0.0.1:${running.port}`);
  return { running, client };
}

describe('EmailService without SMTP (log only)', () => {
  let running: Running;
  let client: EmailClient;

  before(async () => ({ running, client } = await startEmail(logMailer(log))));
  after(async () => {
    closeAllChannels();
    await running.shutdown();
  });

  it('answers health SERVING', async () => {
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');
    assert.equal(await checkHealth(`127.0.0.1:${running.port}`, 'hipstershop.EmailService'), 'SERVING');
  });

  it('renders the confirmation, logs it without its body, and succeeds', async () => {
    logLines.length = 0;
    assert.deepEqual(await client.SendOrderConfirmation(aRequest(), { deadlineMs: 2_000 }), {});
    const line = logLines.find((entry) => entry.message === 'order confirmation rendered, not sent (no SMTP_HOST)');
    assert.ok(line, 'no log line');
    assert.equal(line.orderId, '0e1c5a1e-4d7f-4c38-9b8a-8a3b1d7e2f41');
    assert.equal(line.to, 's***@example.com');
    assert.ok(typeof line.htmlBytes === 'number' && line.htmlBytes > 500);
    assert.ok(typeof line.textBytes === 'number' && line.textBytes > 100);
    const everything = JSON.stringify(logLines);
    assert.ok(!everything.includes('someone@example.com'), 'full address logged');
    assert.ok(!everything.includes('script'), 'body logged');
  });

  it('invalid email address → INVALID_ARGUMENT', async () => {
    await expectStatus(
      client.SendOrderConfirmation(aRequest({ email: 'not-an-address' }), { deadlineMs: 2_000 }),
      status.INVALID_ARGUMENT,
      /^email has no "@"$/,
    );
  });

  it('missing email address → INVALID_ARGUMENT', async () => {
    await expectStatus(
      client.SendOrderConfirmation(aRequest({ email: '' }), { deadlineMs: 2_000 }),
      status.INVALID_ARGUMENT,
      /^email is missing$/,
    );
  });

  it('missing order → INVALID_ARGUMENT', async () => {
    await expectStatus(
      client.SendOrderConfirmation(aRequest({ order: null }), { deadlineMs: 2_000 }),
      status.INVALID_ARGUMENT,
      /^order is required$/,
    );
  });

  it('malformed amount in the order → INVALID_ARGUMENT naming the field', async () => {
    const request = aRequest();
    request.order!.items![0]!.cost = { currencyCode: 'EUR', units: '1', nanos: 1_000_000_000 };
    await expectStatus(
      client.SendOrderConfirmation(request, { deadlineMs: 2_000 }),
      status.INVALID_ARGUMENT,
      /^order\.items\[0\]\.cost has nanos 1000000000/,
    );
  });

  it('keeps serving after bad input', async () => {
    await expectStatus(client.SendOrderConfirmation({}, { deadlineMs: 2_000 }), status.INVALID_ARGUMENT);
    assert.deepEqual(await client.SendOrderConfirmation(aRequest(), { deadlineMs: 2_000 }), {});
  });
});

describe('EmailService with SMTP', () => {
  const from = 'Online Boutique <orders@shop.example>';
  const settings = (port: number, extra: Partial<SmtpSettings> = {}): SmtpSettings => ({
    host: '127.0.0.1',
    port,
    secure: false,
    from,
    ...extra,
  });

  it('sends a message with both parts to the recipient, user values escaped in the HTML', async () => {
    const sink = await startSmtpSink();
    const mailer = smtpMailer(settings(sink.port), log);
    const { running, client } = await startEmail(mailer);
    try {
      await client.SendOrderConfirmation(aRequest(), { deadlineMs: 10_000 });
      assert.equal(sink.received.length, 1);
      const [message] = sink.received;
      assert.equal(message!.from, 'orders@shop.example');
      assert.deepEqual(message!.to, ['someone@example.com']);
      assert.equal(message!.headers.get('subject'), 'Your Online Boutique order 0e1c5a1e-4d7f-4c38-9b8a-8a3b1d7e2f41');
      assert.equal(message!.headers.get('to'), 'someone@example.com');
      assert.equal(message!.headers.get('from'), from);
      assert.match(message!.headers.get('content-type')!, /^multipart\/alternative/);

      const text = message!.parts.get('text/plain')!;
      assert.ok(text.includes('Order number:    0e1c5a1e-4d7f-4c38-9b8a-8a3b1d7e2f41'));
      assert.ok(text.includes('Tracking number: QW-31123-157654321'));
      assert.ok(text.includes('  <script>alert(1)</script>\n  Zürich 8001\n  Switzerland'));
      assert.ok(text.includes('  2 x OLJCESPC7Z at €17.68 = €35.36'));
      assert.ok(text.includes('Shipping: €7.95'));
      assert.ok(text.includes('Total:    €43.31'));

      const html = message!.parts.get('text/html')!;
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;<br>Zürich 8001<br>Switzerland'));
      assert.ok(!html.includes('<script>'));
      for (const fact of ['QW-31123-157654321', '>OLJCESPC7Z</td>', '>€17.68</td>', '>€7.95</td>', '>€43.31</td>']) {
        assert.ok(html.includes(fact), `HTML lacks ${fact}`);
      }
    } finally {
      closeAllChannels();
      mailer.close();
      await running.shutdown();
      await sink.close();
    }
  });

  it('authenticates with the configured user and password', async () => {
    const sink = await startSmtpSink({ user: 'shop', password: 's3cret' });
    const mailer = smtpMailer(settings(sink.port, { user: 'shop', password: 's3cret' }), log);
    const { running, client } = await startEmail(mailer);
    try {
      await client.SendOrderConfirmation(aRequest(), { deadlineMs: 10_000 });
      assert.equal(sink.received[0]?.user, 'shop');
    } finally {
      closeAllChannels();
      mailer.close();
      await running.shutdown();
      await sink.close();
    }
  });

  it('wrong credentials → UNAVAILABLE, and nothing is delivered', async () => {
    const sink = await startSmtpSink({ user: 'shop', password: 's3cret' });
    const mailer = smtpMailer(settings(sink.port, { user: 'shop', password: 'wrong' }), log);
    const { running, client } = await startEmail(mailer);
    try {
      await expectStatus(
        client.SendOrderConfirmation(aRequest(), { deadlineMs: 10_000 }),
        status.UNAVAILABLE,
        /^the mail server did not accept the confirmation \(EAUTH\)$/,
      );
      assert.equal(sink.received.length, 0);
    } finally {
      closeAllChannels();
      mailer.close();
      await running.shutdown();
      await sink.close();
    }
  });

  it('recipient refused by the server → UNAVAILABLE', async () => {
    const sink = await startSmtpSink({ refuse: 'someone@example.com' });
    const mailer = smtpMailer(settings(sink.port), log);
    const { running, client } = await startEmail(mailer);
    try {
      await expectStatus(client.SendOrderConfirmation(aRequest(), { deadlineMs: 10_000 }), status.UNAVAILABLE);
      assert.equal(sink.received.length, 0);
    } finally {
      closeAllChannels();
      mailer.close();
      await running.shutdown();
      await sink.close();
    }
  });

  it('mail server down → UNAVAILABLE, and the service keeps serving', async () => {
    const sink = await startSmtpSink();
    await sink.close(); // a port that was just free and now refuses connections
    const mailer = smtpMailer(settings(sink.port), log);
    const { running, client } = await startEmail(mailer);
    try {
      await expectStatus(
        client.SendOrderConfirmation(aRequest(), { deadlineMs: 10_000 }),
        status.UNAVAILABLE,
        /\(ESOCKET|ECONNECTION\)/,
      );
      assert.equal(await checkHealth(`127.0.0.1:${running.port}`), 'SERVING');
      await expectStatus(
        client.SendOrderConfirmation(aRequest({ email: 'bad' }), { deadlineMs: 10_000 }),
        status.INVALID_ARGUMENT,
      );
    } finally {
      closeAllChannels();
      mailer.close();
      await running.shutdown();
    }
  });
});
