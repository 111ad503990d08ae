import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

// Card data can reach a log line as a request field (either naming convention) at any depth a
// handler is likely to log, so every such path is censored.
const CARD_KEYS = ['creditCardNumber', 'creditCardCvv', 'credit_card_number', 'credit_card_cvv'];
const REDACTED_PATHS = CARD_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

// 12 to 19 digits, optionally grouped by spaces or dashes: anything that could be a card number.
const CARD_NUMBER = /\b\d(?:[ -]?\d){11,18}\b/g;

/** Masks anything shaped like a card number, keeping at most its last four digits. */
export function maskCardNumbers(text: string): string {
  return text.replace(CARD_NUMBER, (match) => `****${match.replace(/\D/g, '').slice(-4)}`);
}

/**
 * Errors as log fields: type, message, stack and cause, card numbers masked. A grpc-js ServiceError
 * keeps only its status (code, details): its metadata and call internals are circular and costly.
 */
function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: maskCardNumbers(String(err)) };
  const serialized: Record<string, unknown> = {
    type: err.name,
    message: maskCardNumbers(err.message),
    stack: err.stack ? maskCardNumbers(err.stack) : undefined,
  };
  const { code, details } = err as { code?: unknown; details?: unknown };
  if (code !== undefined) serialized.code = code;
  if (typeof details === 'string') serialized.details = maskCardNumbers(details);
  if (err.cause !== undefined) serialized.cause = serializeError(err.cause);
  return serialized;
}

let root: Logger | undefined;

/**
 * Creates the process-wide logger: one JSON line per event with `severity`, `message` and an ISO
 * `timestamp` (the keys the original's services use), level from LOG_LEVEL (default info), card
 * numbers and CVVs redacted. Kit helpers log through it.
 */
export function initLogger(name: string, options: { level?: string; destination?: DestinationStream } = {}): Logger {
  root = pino(
    {
      name,
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      messageKey: 'message',
      base: { pid: process.pid },
      formatters: { level: (label) => ({ severity: label }) },
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      hooks: {
        // Messages and error texts are free text, so they are scrubbed as text.
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const arg: unknown = args[i];
            if (typeof arg === 'string') args[i] = maskCardNumbers(arg);
          }
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
      serializers: {
        err: serializeError,
      },
    },
    options.destination,
  );
  return root;
}

/** The process-wide logger; a default one named after the process when initLogger was never called. */
export function logger(): Logger {
  return root ?? initLogger(process.title);
}
