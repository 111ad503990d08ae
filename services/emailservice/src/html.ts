/** Markup that is already safe to insert: the result of the `html` tag, never built from raw input. */
export class SafeHtml {
  readonly #markup: string;

  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  // The five characters that can end a text node or a quoted attribute, or start an entity.
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A tagged template that escapes every interpolated value unless it is itself `html` output; arrays
 * are rendered element by element and null, undefined and false render as nothing.
 *
 *   html`<td>${userText}</td>`   // userText "<b>" becomes "&lt;b&gt;"
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let markup = strings[0]!;
  for (let i = 0; i < values.length; i++) markup += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(markup);
}
