/** Small readers of the shop's HTML for the system and browser tests (the markup is our own). */

/** The fields a form would submit: inputs' values and each select's selected option. */
export function formFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
    if (name) fields[name] = value ?? '';
  }
  for (const [, name, options] of form.matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(options!) ?? /<option value="([^"]*)"/.exec(options!);
    if (name && selected) fields[name] = selected[1]!;
  }
  return fields;
}

/** The text of the first element with a class (tags inside removed). */
export function textOf(html: string, className: string): string | undefined {
  const match = new RegExp(`class="${className}"[^>]*>([\\s\\S]*?)</(dd|span|p|h1|li|div)>`).exec(html);
  return match?.[1]?.replace(/<[^>]+>/g, '').trim();
}
