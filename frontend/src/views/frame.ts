import type { Platform } from '../config';

/** The brand a deployment shows (CYMBAL_BRANDING switches to the second one). */
export interface Brand {
  readonly name: string;
  readonly logo: string;
  readonly favicon: string;
  /** A class on <body> that switches the colour theme. */
  readonly theme: 'boutique' | 'cymbal';
}

export const BRANDS = {
  boutique: { name: 'Online Boutique', logo: 'icons/logo-boutique.svg', favicon: 'favicon.svg', theme: 'boutique' },
  cymbal: { name: 'Cymbal Shops', logo: 'icons/logo-cymbal.svg', favicon: 'favicon-cymbal.svg', theme: 'cymbal' },
} as const satisfies Record<string, Brand>;

/** What every page's header and footer need: deployment settings plus this visit's session and request. */
export interface Frame {
  readonly baseUrl: string;
  readonly brand: Brand;
  readonly platform: Platform;
  readonly message: string | undefined;
  readonly hostname: string;
  readonly sessionId: string;
  readonly requestId: string;
  /** The shopper's currency. */
  readonly currency: string;
  /** Currencies offered in the header's selector; no selector when undefined. */
  readonly currencies?: readonly string[];
  /** Items in the cart, for the header badge; no cart link when undefined. */
  readonly cartCount?: number;
  /** The search box's current text. */
  readonly query?: string;
  /** A notice about this page shown above its content (e.g. prices in another currency than chosen). */
  readonly notice?: string;
  /** Versioned URLs of the stylesheet and script (so they can be cached for long). */
  readonly assets: { readonly css: string; readonly js: string };
  readonly year: number;
}

/** A site-absolute path (as the catalog and ads hold them) under the base URL; undefined for anything else. */
export function sitePath(frame: Pick<Frame, 'baseUrl'>, path: string): string | undefined {
  // Only same-site paths: "//host" and "javascript:" must never become links.
  return path.startsWith('/') && !path.startsWith('//') ? `${frame.baseUrl}${path}` : undefined;
}

/** A URL under /static. */
export function staticUrl(frame: Pick<Frame, 'baseUrl'>, file: string): string {
  return `${frame.baseUrl}/static/${file}`;
}
