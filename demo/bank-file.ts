// The demo's bank file: the prior-day BAI2 report a bank would mail, with Acme's ACH paying its invoice
// (named in the entry text) and a wire from a payer no customer record names.
import { writeBai2 } from '../parsers/bank/bai2-write.js';

export function demoBankFile(today: string, invoiceNumber: string, amountMinor: number): string {
  const entry = (typeCode: string, amount: number, bankRef: string, memo: string) =>
    ({ direction: 'credit' as const, amountMinor: amount, currency: 'USD', bookedOn: today, kind: 'other' as const, typeCode, bankRef, customerRef: '', payer: {}, remittance: [], memo, location: '' });
  return writeBai2({
    format: 'bai2', fileId: `DEMO${today.replace(/-/g, '')}`, createdOn: today,
    accounts: [{
      accountNumber: '4410098765', currency: 'USD', entries: [
        entry('165', amountMinor, `ACH${today.replace(/-/g, '')}01`, `ORIG CO NAME:ACME FABRICATION INC ENTRY DESCR:AP PAYMENT ${invoiceNumber}`),
        entry('195', 48_250, `FW${today.replace(/-/g, '')}02`, 'ORG=/88123400 GREENFIELD TRADING CO OBI=ORDER 7781'),
      ],
    }],
  });
}
