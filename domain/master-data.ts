// The slice of master data an intake decision needs, loaded by an activity and passed in whole,
// so the decision itself stays a pure function.
import type { TermsRecord } from './payment-terms.js';

export interface CustomerRecord {
  id: string;
  number: string;
  name: string;
  emailDomains: string[];
  contactEmails: string[];
  currency: string;
  termsCode: string;
  salesRepId: string | null;
  priceListId: string | null;
}

export interface ProductRecord {
  id: string;
  sku: string;
  description: string;
  unitOfMeasure: string;
  active: boolean;
}

export interface PriceRecord {
  productId: string;
  priceListId: string;
  unitPriceMinor: number;
  minQuantity: number;
}

export interface CustomerItemRecord {
  customerId: string;
  customerSku: string;
  productId: string;
}

export interface MasterDataSlice {
  customers: CustomerRecord[];
  /** The terms master, to compare what a PO asks for with the account's terms. */
  terms?: TermsRecord[];
  products: ProductRecord[];
  prices: PriceRecord[];
  customerItems: CustomerItemRecord[];
}

/** Item codes compare without case, spaces, dashes or dots: "wid 100", "WID-100" and "WID.100" agree. */
export function itemKey(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function emailDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
