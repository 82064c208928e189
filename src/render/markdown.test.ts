// README rendering (markdown.ts): raw HTML as text, refused schemes, images, heading ids, caps.
import { describe, expect, it } from 'vitest';
import {
  isSafeLink,
  MAX_MARKDOWN_INPUT,
  MAX_MARKDOWN_NESTING,
  README_ID_PREFIX,
  renderMarkdown,
} from './markdown';

const html = (source: string) => renderMarkdown(source).html;

/** Every href and src the output carries. */
function urls(out: string): string[] {
  return [...out.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
}

describe('renderMarkdown: raw HTML', () => {
  it('shows raw HTML as text, never as elements', () => {
    const out = html(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\nhi <b onclick="x()">b</b> <iframe src="https://e.com"></iframe>',
    );
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toMatch(/<(script|iframe|b)\b/i);
    expect(out).not.toMatch(/<img /);
  });

  it('escapes HTML in code spans, fences and their info strings', () => {
    const out = html('`<x>`\n\n```"><script>x\n<svg onload=1>\n```');
    expect(out).toContain('<code>&lt;x&gt;</code>');
    expect(out).toContain('&lt;svg onload=1&gt;');
    expect(out).not.toMatch(/<script|<svg/);
    expect(out).toContain('class="language-&quot;&gt;&lt;script&gt;x"');
  });

  it('keeps an attribute-breaking title or URL inside its quotes', () => {
    const out = html('[a](https://e.com/" onmouseover="x "t" onclick=y")');
    expect(out).not.toMatch(/<[^>]*\s(onmouseover|onclick)=/);
  });
});

describe('renderMarkdown: links', () => {
  const refused = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'jav&#x09;ascript:alert(1)',
    'jav&#9;ascript:alert(1)',
    '&#106;avascript:alert(1)',
    'javascript&colon;alert(1)',
    '%6Aavascript:alert(1)',
    'java%0ascript:alert(1)',
    ' javascript:alert(1)',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'data:text/html;base64,PHNjcmlwdD4=',
    'data:image/png;base64,iVBORw0KGgo=',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'blob:https://e.com/x',
    'ftp://e.com/x',
    'intent://x#Intent;end',
  ];
  it.each(refused)('refuses %s as a link and as an image', (url) => {
    const out = html(`[click](${url}) ![pic](${url}) <${url}>`);
    // Only what linkify finds inside the text (`https://e.com/x` in `blob:https://e.com/x`).
    for (const u of urls(out)) expect(u).toMatch(/^https:\/\/e\.com\//);
    expect(out).not.toMatch(/<img /);
  });

  it('refuses control characters hidden in a scheme', () => {
    for (const c of ['\u0000', '\u0001', '\t', '\u200b', '\ufeff', '\u00a0'])
      expect(isSafeLink(`java${c}script:alert(1)`)).toBe(false);
    expect(isSafeLink('\u0000javascript:alert(1)')).toBe(false);
    expect(html('[x](\u0000javascript:alert(1))')).not.toContain('<a ');
  });

  it('allows http, https, mailto, relative and anchor links, with rel and no target', () => {
    const out = html(
      '[a](https://e.com/x?y=1&z=2) [b](http://e.com) [c](mailto:a@e.com) [d](docs/x.md) [e](../up) [f](/abs) [g](?q=1)',
    );
    expect(urls(out)).toEqual([
      'https://e.com/x?y=1&amp;z=2',
      'http://e.com',
      'mailto:a@e.com',
      'docs/x.md',
      '../up',
      '/abs',
      '?q=1',
    ]);
    expect(out.match(/rel="nofollow noopener noreferrer"/g)).toHaveLength(7);
    expect(out).not.toContain('target=');
  });

  it('treats a colon after a slash as part of a relative path', () => {
    expect(isSafeLink('docs/a:b.md')).toBe(true);
    expect(isSafeLink('a:b/c')).toBe(false);
  });

  it('linkifies bare URLs and emails, but not bare javascript:', () => {
    const out = html('see https://e.com/p and me@e.com; javascript:alert(1)');
    expect(urls(out)).toEqual(['https://e.com/p', 'mailto:me@e.com']);
    expect(out).toContain('javascript:alert(1)');
  });

  it('points #anchors at the prefixed heading ids', () => {
    const out = html('# Install it\n\n[go](#install-it)');
    expect(out).toContain(`<h1 id="${README_ID_PREFIX}install-it">`);
    expect(out).toContain(`href="#${README_ID_PREFIX}install-it"`);
  });

  it('renders reference links through the same check', () => {
    const out = html('[a][x] [b][y]\n\n[x]: javascript:alert(1)\n[y]: https://ok.example');
    expect(urls(out)).toEqual(['https://ok.example']);
  });
});

describe('renderMarkdown: images', () => {
  it('shows http(s) images lazily without a referrer', () => {
    const out = html('![logo "x"](https://e.com/logo.png "The <logo>")');
    expect(out).toContain(
      '<img src="https://e.com/logo.png" alt="logo &quot;x&quot;" title="The &lt;logo&gt;" loading="lazy" referrerpolicy="no-referrer">',
    );
  });

  it('shows other images as their alt text', () => {
    const out = html('![rel <alt>](img/logo.png) ![proto](//e.com/x.png) ![m](mailto:a@e.com)');
    expect(out).not.toContain('<img');
    expect(out).toContain('rel &lt;alt&gt;');
    expect(out).toContain('proto');
  });
});

describe('renderMarkdown: headings', () => {
  it('gives prefixed, slugified, deduplicated ids and lists them', () => {
    const r = renderMarkdown(
      '# Hello, World!\n## Hello World\n## hello-world\n### `code` & <b>\n#### Élan vital\n# \n# ',
    );
    expect(r.headings).toEqual([
      { id: 'readme-hello-world', level: 1, text: 'Hello, World!' },
      { id: 'readme-hello-world-1', level: 2, text: 'Hello World' },
      { id: 'readme-hello-world-2', level: 2, text: 'hello-world' },
      { id: 'readme-code--b', level: 3, text: 'code & <b>' },
      { id: 'readme-élan-vital', level: 4, text: 'Élan vital' },
      { id: 'readme-section', level: 1, text: '' },
      { id: 'readme-section-1', level: 1, text: '' },
    ]);
    expect(r.html).toContain('<h3 id="readme-code--b"><code>code</code> &amp; &lt;b&gt;</h3>');
  });

  it('cannot take a page id with a heading', () => {
    const r = renderMarkdown('# main\n# values', { idPrefix: 'readme-' });
    expect(r.html).not.toMatch(/id="(main|values)"/);
  });

  it('stays linear with thousands of identical headings', () => {
    const r = renderMarkdown('# same\n'.repeat(20_000));
    expect(r.headings).toHaveLength(20_000);
    expect(r.headings[19_999]!.id).toBe('readme-same-19999');
  });
});

describe('renderMarkdown: tables', () => {
  it('aligns cells with classes, not style attributes (the page CSP forbids inline styles)', () => {
    const out = html('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |');
    expect(out).not.toContain('style=');
    expect(out).toContain('<th class="align-left">a</th>');
    expect(out).toContain('<td class="align-center">2</td>');
    expect(out).toContain('<td class="align-right">3</td>');
  });
});

describe('renderMarkdown: caps', () => {
  it('cuts the input at 1 MiB and says so', () => {
    const r = renderMarkdown('line of text\n'.repeat(MAX_MARKDOWN_INPUT / 10));
    expect(r.truncated).toBe(true);
    expect(r.html.length).toBeLessThan(MAX_MARKDOWN_INPUT * 1.5);
  });

  it('leaves a small README whole', () => {
    expect(renderMarkdown('# a\n\ntext').truncated).toBe(false);
  });

  it('bounds the output when one reference is repeated many times', () => {
    const url = `https://e.com/${'x'.repeat(4000)}`;
    const source = `${'[a][r] '.repeat(140_000)}\n\n[r]: ${url}\n`;
    const r = renderMarkdown(source, { maxOutput: 1024 * 1024 });
    expect(r.truncated).toBe(true);
    expect(r.html.length).toBeLessThanOrEqual(1024 * 1024);
  });

  it('keeps whole blocks only: the cut never splits a tag', () => {
    const r = renderMarkdown('para <x> & "y"\n\n'.repeat(10_000), { maxOutput: 10_000 });
    expect(r.truncated).toBe(true);
    expect(r.html.endsWith('</p>\n')).toBe(true);
    expect(r.html.length).toBeLessThanOrEqual(10_000);
  });

  it(`bounds nesting at ${MAX_MARKDOWN_NESTING} levels`, () => {
    const r = renderMarkdown(
      `${'> '.repeat(5000)}deep\n\n${'['.repeat(50_000)}x${']'.repeat(50_000)}`,
    );
    expect((r.html.match(/<blockquote>/g) ?? []).length).toBeLessThanOrEqual(MAX_MARKDOWN_NESTING);
  });

  it('finishes on pathological inputs of 1 MiB', () => {
    const n = MAX_MARKDOWN_INPUT;
    const inputs = [
      '*a **a '.repeat(n / 7),
      '['.repeat(n),
      '[a]('.repeat(n / 4),
      '`'.repeat(n),
      '<'.repeat(n),
      '- '.repeat(n / 2),
      '| a '.repeat(n / 4) + '\n' + '|---'.repeat(n / 8),
      '&#x26;'.repeat(n / 6),
      'a_'.repeat(n / 2),
      '![a]('.repeat(n / 5),
      'www.a'.repeat(n / 5),
    ];
    for (const input of inputs) {
      const r = renderMarkdown(input);
      expect(typeof r.html).toBe('string');
      expect(r.html).not.toMatch(/<script/);
    }
  });
});

describe('renderMarkdown: output cap', () => {
  it('fills the cap with whole blocks, not an estimate of them', () => {
    const source = '- a\n- b\n- c\n\n'.repeat(200);
    const whole = renderMarkdown(source).html;
    const r = renderMarkdown(source, { maxOutput: whole.length });
    expect(r.truncated).toBe(false);
    expect(r.html).toBe(whole);
    expect(renderMarkdown(source, { maxOutput: whole.length - 1 }).truncated).toBe(true);
  });
});
