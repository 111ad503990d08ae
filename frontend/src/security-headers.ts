import type { RequestHandler } from 'express';

// Everything comes from the shop itself: no inline script, no inline style, no framing, forms post
// only back to the shop. SVG product pictures are plain images, so img-src 'self' covers them.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // Same-origin requests keep the full Referer (POST /setCurrency returns the shopper to the page it came from).
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** Adds the shop's security headers to every response. */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set(HEADERS);
    next();
  };
}
