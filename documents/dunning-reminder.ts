// What each dunning step says, from a courtesy note to the final notice. One tone per email: a grouped
// reminder takes the tone of its most overdue invoice. Polite throughout; firm without threats we would
// not carry out (the final notice names the credit hold, which the next step does put on).
import type { DunningStepName } from '../domain/dunning-policy.js';

export interface ReminderWording { heading: string; paragraphs: (customerName: string) => string[] }

export const REMINDER_WORDING: Record<Exclude<DunningStepName, 'credit_hold' | 'lead_decision'>, ReminderWording> = {
  courtesy: { heading: 'Friendly reminder: invoice due soon', paragraphs: () => ['This is a courtesy reminder that the invoice below falls due in the next few days. If it is already scheduled for payment, thank you, and please disregard this note.'] },
  due: { heading: 'Invoice due today', paragraphs: () => ['The invoice below is due for payment today. If it is already on its way, thank you.'] },
  friendly: { heading: 'Payment reminder', paragraphs: () => ['We have not yet received payment for the invoice below, which is now past due. Could you let us know when we can expect it?'] },
  firm: { heading: 'Second reminder: payment overdue', paragraphs: (name) => [`Our records show the invoice below still unpaid, although we have written before. Please arrange payment now, or reply with the date ${name} will pay and the reason for the delay.`] },
  final: {
    heading: 'Final notice before credit hold',
    paragraphs: (name) => [
      `Despite our earlier reminders, the invoice below remains unpaid. Unless we receive payment or hear from you within ten days, new orders from ${name} will be placed on credit hold until the account is brought up to date.`,
      'Your statement of account is included below.',
    ],
  },
};
