import { acmePo, forwardedPdfOrder } from '../demo/emails.js';
import { parseEmail } from '../parsers/email.js';
import { findPurchaseOrder } from '../parsers/po-from-email.js';
const e = await forwardedPdfOrder(acmePo('1234567'), { messageId: '<x@y>' });
for (let i = 0; i < 4; i++) {
  let t = performance.now();
  const p = await parseEmail(e.raw);
  const a = performance.now() - t; t = performance.now();
  await findPurchaseOrder(p);
  console.log('parseEmail', a.toFixed(0), 'findPO', (performance.now() - t).toFixed(0));
}
