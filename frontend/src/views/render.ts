import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A complete HTML document from a page component; text and attributes are escaped by the renderer. */
export function renderPage(page: VNode): string {
  return `<!DOCTYPE html>${renderToString(page)}`;
}
