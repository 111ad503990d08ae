import { invalidArgument } from './errors';

/** How many characters of a caller's input an error message repeats. */
export const QUOTED_PREFIX_LENGTH = 64;

/**
 * Caller input as an error message may show it: JSON-quoted, at most its first 64 characters, then
 * how many more there were. gRPC sends the message back as a header, so echoing a 9 kB id whole turns
 * a NOT_FOUND into a RESOURCE_EXHAUSTED at the client ("metadata size exceeds limit").
 */
export function quoteInput(value: string, prefixLength = QUOTED_PREFIX_LENGTH): string {
  if (value.length <= prefixLength) return JSON.stringify(value);
  // Never cut a surrogate pair in half: the quoted prefix must stay valid text.
  const end = isHighSurrogate(value.charCodeAt(prefixLength - 1)) ? prefixLength - 1 : prefixLength;
  return `${JSON.stringify(value.slice(0, end))}… (${characterCount(value.slice(end))} more characters)`;
}

/** The number of characters (Unicode code points) in `value`; stops counting once past `stopAfter`. */
export function characterCount(value: string, stopAfter = Number.POSITIVE_INFINITY): number {
  let count = 0;
  for (let i = 0; i < value.length && count <= stopAfter; i++) if (!isLowSurrogateAfterHigh(value, i)) count++;
  return count;
}

/**
 * Returns `value` when it has at most `maxLength` characters; otherwise throws INVALID_ARGUMENT naming
 * the field and the limit, and quoting only a short prefix of what was sent.
 */
export function requireMaxLength(field: string, value: string, maxLength: number): string {
  // Code points never outnumber UTF-16 units, so the common short value needs no counting.
  if (value.length <= maxLength || characterCount(value, maxLength) <= maxLength) return value;
  throw invalidArgument(`${field} must be at most ${maxLength} characters, got ${quoteInput(value)}`);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogateAfterHigh(value: string, index: number): boolean {
  const code = value.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff && index > 0 && isHighSurrogate(value.charCodeAt(index - 1));
}
