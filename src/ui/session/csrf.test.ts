// Unit tests of the same-origin check: Origin first, Sec-Fetch-Site only without it, neither refused.
import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './csrf';

const post = (headers: Record<string, string>) =>
  new Request('https://registry.example/admin/tokens', { method: 'POST', headers });

describe('isSameOrigin', () => {
  it('takes the Origin of this scheme, host and port only', () => {
    expect(isSameOrigin(post({ origin: 'https://registry.example' }))).toBe(true);
    for (const origin of [
      'http://registry.example',
      'https://registry.example:8443',
      'https://evil.registry.example',
      'https://registry.example.evil',
      'null',
      '',
    ]) {
      expect(isSameOrigin(post({ origin })), origin).toBe(false);
    }
  });

  it('lets an Origin decide even when Sec-Fetch-Site says otherwise', () => {
    const headers = { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' };
    expect(isSameOrigin(post(headers))).toBe(false);
  });

  it('falls back to Sec-Fetch-Site, and refuses a request with neither', () => {
    expect(isSameOrigin(post({ 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(isSameOrigin(post({ 'sec-fetch-site': 'same-site' }))).toBe(false);
    expect(isSameOrigin(post({ 'sec-fetch-site': 'none' }))).toBe(false);
    expect(isSameOrigin(post({}))).toBe(false);
  });
});
