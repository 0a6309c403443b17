// Demo master data: a small distributor's customers, contacts, sales reps, products and prices, so a
// newcomer sees orders flow on the first start. Seeding is idempotent (upserts by business keys).
import { hashPassword } from '../console/passwords.js';
import type { Db } from '../db/client.js';

export const DEMO_DOMAIN = 'arflow.test';
export const ORDERS_ADDRESS = `orders@${DEMO_DOMAIN}`;
export const CSR_ADDRESS = `carla.csr@${DEMO_DOMAIN}`;

export const DEMO_CUSTOMERS = [
  {
    number: 'C-1001', name: 'Acme Fabrication Inc.', domains: ['acme.example'], terms: 'NET30', rep: 'SR-01', creditLimitMinor: 5_000_000n,
    contacts: [
      { name: 'Jane Buyer', email: 'jane.buyer@acme.example', roles: ['buyer', 'order'] },
      { name: 'Acme Accounts Payable', email: 'ap@acme.example', roles: ['billing', 'ap'] },
    ],
    items: [{ customerSku: 'AC-77812', sku: 'BRK-220' }],
  },
  {
    number: 'C-1002', name: 'Birch & Stone Builders LLC', domains: ['birchstone.example'], terms: '2/10NET30', rep: 'SR-02', creditLimitMinor: 2_500_000n, dunningPolicy: 'key_account',
    contacts: [
      { name: 'Omar Haddad', email: 'omar@birchstone.example', roles: ['buyer', 'order'] },
      { name: 'Birch & Stone AP', email: 'payables@birchstone.example', roles: ['billing'] },
    ],
    items: [],
  },
  {
    number: 'C-1003', name: 'Cobalt Marine Supply', domains: ['cobaltmarine.example'], terms: 'NET45', rep: 'SR-01', creditLimitMinor: 1_000_000n,
    contacts: [{ name: 'Lena Ortiz', email: 'lena.ortiz@cobaltmarine.example', roles: ['buyer', 'order', 'billing'] }],
    items: [],
  },
] as const;

export const DEMO_PRODUCTS = [
  { sku: 'WID-100', description: 'Steel widget, zinc plated', uom: 'EA', priceMinor: 425n },
  { sku: 'WID-200', description: 'Stainless widget, heavy duty', uom: 'EA', priceMinor: 1150n },
  { sku: 'BRK-220', description: 'Mounting bracket, 2 in', uom: 'EA', priceMinor: 85n },
  { sku: 'CBL-050', description: 'Braided steel cable, 50 ft', uom: 'RL', priceMinor: 3999n },
  { sku: 'FST-M8', description: 'M8 hex bolt, box of 100', uom: 'BX', priceMinor: 1875n },
  { sku: 'GSK-310', description: 'Neoprene gasket, 310 mm', uom: 'EA', priceMinor: 612n },
] as const;

export async function seedDemoData(db: Db): Promise<void> {
  await db.salesRep.upsert({ where: { code: 'SR-01' }, create: { code: 'SR-01', name: 'Sam Reyes', email: `sam.reyes@${DEMO_DOMAIN}` }, update: {} });
  await db.salesRep.upsert({ where: { code: 'SR-02' }, create: { code: 'SR-02', name: 'Priya Nair', email: `priya.nair@${DEMO_DOMAIN}` }, update: {} });
  for (const t of [
    { code: 'NET30', description: 'Net 30 days', netDays: 30, discountBasisPoints: 0, discountDays: 0 },
    { code: 'NET45', description: 'Net 45 days', netDays: 45, discountBasisPoints: 0, discountDays: 0 },
    { code: '2/10NET30', description: '2% 10 days, net 30', netDays: 30, discountBasisPoints: 200, discountDays: 10 },
  ]) await db.paymentTerms.upsert({ where: { code: t.code }, create: t, update: {} });
  const priceList = await db.priceList.upsert({ where: { code: 'STD-USD' }, create: { code: 'STD-USD', currency: 'USD' }, update: {} });
  for (const p of DEMO_PRODUCTS) {
    const product = await db.product.upsert({ where: { sku: p.sku }, create: { sku: p.sku, description: p.description, unitOfMeasure: p.uom }, update: {} });
    await db.priceListEntry.upsert({
      where: { priceListId_productId_minQuantity: { priceListId: priceList.id, productId: product.id, minQuantity: 1 } },
      create: { priceListId: priceList.id, productId: product.id, unitPriceMinor: p.priceMinor, minQuantity: 1 },
      update: {},
    });
  }
  for (const c of DEMO_CUSTOMERS) {
    const rep = await db.salesRep.findUniqueOrThrow({ where: { code: c.rep } });
    const customer = await db.customer.upsert({
      where: { number: c.number },
      create: { number: c.number, name: c.name, emailDomains: [...c.domains], termsCode: c.terms, priceListId: priceList.id, salesRepId: rep.id, creditLimitMinor: c.creditLimitMinor, dunningPolicy: 'dunningPolicy' in c ? c.dunningPolicy : null },
      update: {},
    });
    for (const contact of c.contacts) {
      await db.contact.upsert({
        where: { customerId_email: { customerId: customer.id, email: contact.email } },
        create: { customerId: customer.id, name: contact.name, email: contact.email, roles: [...contact.roles] },
        update: {},
      });
    }
    for (const item of c.items) {
      const product = await db.product.findUniqueOrThrow({ where: { sku: item.sku } });
      await db.customerItem.upsert({
        where: { customerId_customerSku: { customerId: customer.id, customerSku: item.customerSku } },
        create: { customerId: customer.id, customerSku: item.customerSku, productId: product.id },
        update: {},
      });
    }
  }
  for (const u of [
    { email: CSR_ADDRESS, name: 'Carla Chen', role: 'csr' as const, approvalLimitMinor: 0n },
    { email: `amy.clerk@${DEMO_DOMAIN}`, name: 'Amy Ross', role: 'ar_clerk' as const, approvalLimitMinor: 0n },
    { email: `dana.lead@${DEMO_DOMAIN}`, name: 'Dana Brooks', role: 'ar_lead' as const, approvalLimitMinor: 2_500_000n },
    { email: `victor.controller@${DEMO_DOMAIN}`, name: 'Victor Lang', role: 'controller' as const, approvalLimitMinor: 25_000_000n },
    // The IT person: keeps the console's accounts, decides nothing.
    { email: `ines.admin@${DEMO_DOMAIN}`, name: 'Ines Park', role: 'admin' as const, approvalLimitMinor: 0n },
  ]) await db.user.upsert({ where: { email: u.email }, create: { ...u, passwordHash: await demoPasswordHash() }, update: {} });
}

/** The demo accounts' console password (demo data only; a real desk's people set their own). */
export const DEMO_PASSWORD = 'arflow-demo-2026';
let demoHash: Promise<string> | undefined;
function demoPasswordHash(): Promise<string> {
  demoHash ??= hashPassword(DEMO_PASSWORD);
  return demoHash;
}
