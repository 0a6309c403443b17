import { readFileSync, readdirSync } from 'node:fs';
import { parseEmail } from '../parsers/email.js';
import { findPurchaseOrder } from '../parsers/po-from-email.js';
for (const f of readdirSync('test/fixtures/email').filter(f => f.endsWith('.eml'))) {
  const e = await parseEmail(readFileSync('test/fixtures/email/' + f));
  const r = await findPurchaseOrder(e);
  console.log(f, JSON.stringify({ from: e.from, att: e.attachments.map(a => [a.filename, a.contentType, a.content.length]), fwd: e.forwarded && { from: e.forwarded.from, id: e.forwarded.messageId, subj: e.forwarded.subject }, r }));
}
