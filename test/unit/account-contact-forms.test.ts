// The account's contact and note forms: what the desk types is checked before it reaches the customer's
// record, with a reason a person can act on.
import { describe, expect, it } from 'vitest';
import { contactFromForm, noteFromForm } from '../../console/account-forms.js';

describe('a contact typed in the console', () => {
  it('is kept with its address in lower case, its name tidied and its kinds of mail in a fixed order', () => {
    expect(contactFromForm({ name: '  Dune   AP ', email: ' AP@Dune.Example ', roles: ['ap', 'billing'] }))
      .toEqual({ ok: true, value: { name: 'Dune AP', email: 'ap@dune.example', roles: ['billing', 'ap'] } });
  });

  it('is refused without a name, with a list of addresses, with a display name, or receiving nothing', () => {
    expect(contactFromForm({ name: ' ', email: 'ap@dune.example', roles: ['billing'] })).toMatchObject({ ok: false, problem: expect.stringContaining("contact's name") });
    expect(contactFromForm({ name: 'AP', email: 'ap@dune.example, ar@dune.example', roles: ['billing'] })).toEqual({ ok: false, problem: '"ap@dune.example, ar@dune.example" is not one email address' });
    expect(contactFromForm({ name: 'AP', email: 'Dune AP <ap@dune.example>', roles: ['billing'] })).toMatchObject({ ok: false });
    expect(contactFromForm({ name: 'AP', email: 'ap@localhost', roles: ['billing'] })).toMatchObject({ ok: false });
    expect(contactFromForm({ name: 'AP', email: 'ap@dune.example', roles: [] })).toEqual({ ok: false, problem: 'tick what the contact receives' });
    expect(contactFromForm({ name: 'AP', email: 'ap@dune.example', roles: ['billing', 'ceo'] })).toEqual({ ok: false, problem: '"ceo" is not a kind of contact' });
  });
});

describe('a note on the account', () => {
  it('keeps the text as written, trimmed, and refuses an empty or an overlong one', () => {
    expect(noteFromForm({ text: '  Called AP: check mailed Friday.\r\nAsked for a copy of INV-1001. ' })).toEqual({ ok: true, value: 'Called AP: check mailed Friday.\nAsked for a copy of INV-1001.' });
    expect(noteFromForm({ text: '  ' })).toEqual({ ok: false, problem: 'write the note' });
    expect(noteFromForm({ text: 'x'.repeat(2_001) })).toEqual({ ok: false, problem: 'a note is at most 2,000 characters (this one is 2,001)' });
  });
});
