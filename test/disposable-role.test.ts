import { describe, expect, it } from 'vitest';
import { checkDisposable } from '../src/checks/disposable.js';
import { checkRole } from '../src/checks/role.js';
import { POPULAR_DOMAINS } from '../src/checks/providers.js';

describe('checkDisposable', () => {
  it.each(['mailinator.com', '10minutemail.com', 'yopmail.com', 'guerrillamail.com'])('%s is listed', (d) => {
    expect(checkDisposable(d)).toEqual({ code: 'disposable', why: 'disposable.listed', args: { domain: d } });
  });
  it.each([['x.mailinator.com', 'mailinator.com'], ['a.b.33mail.com', '33mail.com']])('%s is under %s', (d, listed) => {
    expect(checkDisposable(d)).toEqual({ code: 'disposable', why: 'disposable.subdomain', args: { domain: d, listed } });
  });
  it.each(['gmail.com', 'ukr.net', 'kwiga.com', 'mail.example.com', '21cn.com'])('%s is not', (d) => {
    expect(checkDisposable(d)).toBeUndefined();
  });
  it('never flags a popular domain', () => {
    expect(POPULAR_DOMAINS.filter((d) => checkDisposable(d) !== undefined)).toEqual([]);
  });
  it('honours the allowlist, also for subdomains', () => {
    const allow = new Set(['yopmail.com']);
    expect(checkDisposable('yopmail.com', allow)).toBeUndefined();
    expect(checkDisposable('x.yopmail.com', allow)).toBeUndefined();
  });
});

describe('checkRole', () => {
  it.each([
    'info', 'INFO', 'admin', 'support', 'sales', 'office', 'contact', 'hello', 'noreply', 'no-reply',
    'no_reply', 'do-not-reply', 'postmaster', 'abuse', 'webmaster', 'billing', 'team', 'info+shop',
    'support2', 'biuro', 'kontakt', 'sekretariat', 'ufficio', 'segreteria', 'amministrazione',
    'buchhaltung', 'vertrieb', 'ventas', 'contacto', 'pidtrymka', 'buhgalteria', 'pochta',
  ])('%s@ is a role', (local) => {
    expect(checkRole(local)).toEqual({ code: 'role_account', why: 'role.local', args: { local } });
  });
  it.each(['ivan', 'olga.petrenko', 'marco.rossi', 'anna-maria', 'j.smith', 'info.ivan', 'salesman'])(
    '%s@ is a person', (local) => {
      expect(checkRole(local)).toBeUndefined();
    });
  // Review finding: personal mailboxes that only look like a role once separators and digits go.
  it.each([
    'dev1990', 'dev.2001', 'h.r', 'i.t', 'H.R', 'h-r', 'i_t', 'i.n.f.o', 'h.r1', 'shop123', 'mail1', 'it2',
    'hr1', 'team7', 'email2', 'hello123', 'root1337', 'www2', 'info2x', 'info.2x',
  ])('%s@ is a person (initials, or digits after a short or name-like role)', (local) => {
    expect(checkRole(local)).toBeUndefined();
  });
  it.each([
    'no.reply', 'NoReply', 'no-reply2', 'e-mail', 'info2', 'info-2', 'Info', 'support1', 'sales2', 'office1',
    'admin01', 'info+2020', 'hr', 'it', 'dev', 'mail', 'shop', 'team', 'hr+jobs', 'customer.service', 'help_desk',
  ])('%s@ is still a role', (local) => {
    expect(checkRole(local)).toEqual({ code: 'role_account', why: 'role.local', args: { local } });
  });
  it.each([
    // [local, config names, role?]
    ['kasa', ['kasa'], true],
    ['Kasa', ['kasa'], true],
    ['kasa2', ['kasa'], true],
    ['k.a.s.a', ['kasa'], false],
    ['studio-7', ['studio'], true],
    ['bk1', ['bk'], false],
    ['bk', ['bk'], true],
    ['h.r', ['h.r'], true],
    ['H.R+x', ['h.r'], true],
    ['kasa2', ['kasa2'], true],
    ['kasa3', ['kasa2'], false],
    ['Каса', ['каса'], true],
    ['info2', ['kasa'], true],
    ['dev1990', ['kasa'], false],
  ] as [string, string[], boolean][])('%s@ with config names %j → role %s', (local, names, role) => {
    expect(checkRole(local, new Set(names))?.code).toBe(role ? 'role_account' : undefined);
  });
});
