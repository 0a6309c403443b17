// A customer's PO number as the desk compares it: minus case and spacing. Free of Node modules, so
// workflow code can use it too.

export function normalizePoNumber(poNumber: string): string {
  return poNumber.trim().toUpperCase().replace(/\s+/g, '');
}
