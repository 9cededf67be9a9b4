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
  it('takes extra names from the config', () => {
    expect(checkRole('kasa', new Set(['kasa']))?.code).toBe('role_account');
  });
});
