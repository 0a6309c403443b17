// Renders the desk's emails from handlebars templates in templates/. HTML templates escape every
// value (customer-supplied text included); text templates do not, since plain text has no markup.
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');

export interface RenderedEmail { subject: string; text: string; html: string }

const cache = new Map<string, Handlebars.TemplateDelegate>();

function compiled(name: string, part: 'subject' | 'text' | 'html' | 'pdf' | 'page'): Handlebars.TemplateDelegate {
  const key = `${name}.${part}`;
  let template = cache.get(key);
  if (!template) {
    const source = readFileSync(join(TEMPLATES_DIR, `${name}.${part}.hbs`), 'utf8');
    template = Handlebars.compile(source, { noEscape: part === 'subject' || part === 'text', strict: true });
    cache.set(key, template);
  }
  return template;
}

export function renderEmail(name: string, context: object): RenderedEmail {
  return {
    subject: compiled(name, 'subject')(context).replace(/\s+/g, ' ').trim(),
    text: compiled(name, 'text')(context),
    html: compiled(name, 'html')(context),
  };
}

/** A printable HTML document (`<name>.pdf.hbs`, every value escaped) for the PDF renderer. */
export function renderDocumentHtml(name: string, context: object): string {
  return compiled(name, 'pdf')(context);
}

/** A console page (`console/<name>.page.hbs`, every value escaped) inside the console's layout. */
export function renderConsolePage(name: string, context: Record<string, unknown> & { title: string }): string {
  return compiled('console/layout', 'page')({ ...context, body: compiled(`console/${name}`, 'page')(context) });
}
