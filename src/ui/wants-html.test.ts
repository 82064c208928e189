// Which Accept headers are a browser's (the HTML view of /repositories/<s>/<r>) and which are not.
import { describe, expect, it } from 'vitest';
import { wantsHtml } from './wants-html';

describe('wantsHtml', () => {
  it.each([
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
    'text/html',
    'application/xhtml+xml',
    'TEXT/HTML; q=1',
    'application/json;q=0.5, text/html',
  ])('a browser: %s', (accept) => expect(wantsHtml(accept)).toBe(true));

  it.each([
    undefined,
    '',
    '*/*',
    'application/json',
    'application/gzip,application/octet-stream',
    'text/*',
    'text/html;q=0',
    'application/json, text/html;q=0.5',
    `text/html,${'x/y,'.repeat(400)}`,
  ])('not a browser: %s', (accept) => expect(wantsHtml(accept)).toBe(false));
});
