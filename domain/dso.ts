// Days sales outstanding, the way AR reports it: what customers owe now, over what we sold them on credit
// in the period, times the period's days. Undefined without sales in the period (no ratio to speak of).

export function daysSalesOutstanding(openReceivablesMinor: number, creditSalesMinor: number, periodDays: number): number | undefined {
  if (creditSalesMinor <= 0 || periodDays <= 0) return undefined;
  return Math.round((openReceivablesMinor / creditSalesMinor) * periodDays * 10) / 10;
}
