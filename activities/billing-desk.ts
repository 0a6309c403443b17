// Who reads what the billing desk must handle by hand: the AR clerks and leads, at their own addresses.
// Never the billing mailbox itself: arflow reads and files that box, so a notice sent there would be
// filed away unread (and is set aside as our own automatic mail). Only with nobody on the desk does it go there.
import type { Db } from '../db/client.js';
import type { DeskSettings } from './settings.js';

export async function billingDeskAddresses(db: Db, settings: DeskSettings): Promise<string[]> {
  const people = await db.user.findMany({ where: { active: true, role: { in: ['ar_clerk', 'ar_lead'] } }, orderBy: { email: 'asc' }, select: { email: true } });
  return people.length ? people.map((p) => p.email) : [settings.billingAddress ?? settings.ordersAddress];
}
