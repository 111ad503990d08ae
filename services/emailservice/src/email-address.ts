// A pragmatic check, not RFC 5322: one "@", a local part of printable characters without spaces,
// quotes or the characters that delimit addresses in headers (<>()[],;:\"), and a domain of at least
// two dot-separated labels (letters, digits and inner hyphens; Unicode letters allowed for IDNs)
// ending in a top-level label of two or more letters. Quoted local parts and IP-literal domains,
// legal but never typed into a shop's checkout form, are refused.
const LOCAL_PART = /^[^\s<>()[\],;:\\"@]{1,64}$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LEVEL_LABEL = /^\p{L}{2,63}$/u;

/** Why a string is not a usable email address, or undefined when it is. */
export function emailAddressProblem(address: string): string | undefined {
  if (address === '') return 'is missing';
  if (address.length > 254) return 'is longer than 254 characters';
  const at = address.lastIndexOf('@');
  if (at < 0) return 'has no "@"';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!LOCAL_PART.test(local)) return 'has an invalid part before the "@"';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'has misplaced dots before the "@"';
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return 'has an invalid domain';
  if (!TOP_LEVEL_LABEL.test(labels.at(-1)!)) return 'has an invalid top-level domain';
  return undefined;
}

/** Whether a string is a usable email address (see emailAddressProblem for the rules). */
export function isEmailAddress(address: string): boolean {
  return emailAddressProblem(address) === undefined;
}

/** The address with its local part masked, for logs: "j***@example.com". */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${String.fromCodePoint(address.codePointAt(0)!)}***${address.slice(at)}`;
}
