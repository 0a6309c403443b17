// Who is this order from? The desk asks the same questions a specialist would: is the customer's
// account number on the PO, did one of their known contacts send it, is it from their domain,
// does the company name on the PO match one of ours. Conflicting answers go to a person.
import { emailDomain, type CustomerRecord } from './master-data.js';

export interface CustomerEvidence {
  customerNumber?: string;
  originalSender?: string; // the customer's address, from the forwarded message
  companyName?: string;
}

export type CustomerMatch =
  | { found: true; customer: CustomerRecord; confidence: number; via: string }
  | { found: false; code: 'unknown_customer' | 'conflicting_customer'; reason: string };

function simplifyName(name: string): string {
  return name.toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b(inc|incorporated|llc|ltd|limited|corp|corporation|co|company|gmbh|plc)\b\.?/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ').trim();
}

export function identifyCustomer(evidence: CustomerEvidence, customers: readonly CustomerRecord[]): CustomerMatch {
  const votes: { customer: CustomerRecord; confidence: number; via: string }[] = [];
  if (evidence.customerNumber) {
    const wanted = evidence.customerNumber.trim().toUpperCase();
    const c = customers.find((x) => x.number.toUpperCase() === wanted);
    if (c) votes.push({ customer: c, confidence: 0.95, via: `account number ${c.number} on the PO` });
  }
  if (evidence.originalSender) {
    const sender = evidence.originalSender.toLowerCase();
    const byContact = customers.filter((x) => x.contactEmails.some((e) => e.toLowerCase() === sender));
    if (byContact.length === 1) votes.push({ customer: byContact[0]!, confidence: 0.95, via: `sent by contact ${sender}` });
    else {
      const domain = emailDomain(sender);
      const byDomain = customers.filter((x) => x.emailDomains.map((d) => d.toLowerCase()).includes(domain));
      if (byDomain.length === 1) votes.push({ customer: byDomain[0]!, confidence: 0.85, via: `sent from ${domain}` });
    }
  }
  if (evidence.companyName) {
    const wanted = simplifyName(evidence.companyName);
    const byName = wanted ? customers.filter((x) => simplifyName(x.name) === wanted) : [];
    if (byName.length === 1) votes.push({ customer: byName[0]!, confidence: 0.7, via: `company name "${evidence.companyName}"` });
  }
  const distinct = new Map(votes.map((v) => [v.customer.id, v]));
  if (distinct.size > 1) {
    const described = votes.map((v) => `${v.via} points to ${v.customer.name} (${v.customer.number})`).join('; ');
    return { found: false, code: 'conflicting_customer', reason: `The order does not agree on who the customer is: ${described}.` };
  }
  const best = votes.sort((a, b) => b.confidence - a.confidence)[0];
  if (!best) {
    const tried = [
      evidence.customerNumber ? `account number "${evidence.customerNumber}"` : undefined,
      evidence.originalSender ? `sender ${evidence.originalSender}` : undefined,
      evidence.companyName ? `company name "${evidence.companyName}"` : undefined,
    ].filter(Boolean);
    return {
      found: false, code: 'unknown_customer',
      reason: tried.length
        ? `No customer on file matches the ${tried.join(', ')}.`
        : 'The order names no customer we could find: no account number, no company name, and it was not forwarded from a customer\'s address.',
    };
  }
  return { found: true, ...best };
}
