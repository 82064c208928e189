// YAML highlighting (yaml-highlight.ts): classes, escaping, templates, fallbacks, caps, linear time.
import { describe, expect, it } from 'vitest';
import { highlightYaml, MAX_HIGHLIGHT_INPUT } from './yaml-highlight';

const html = (source: string) => highlightYaml(source).html;

/** The text a browser shows: tags removed, entities decoded. */
function shown(out: string): string {
  return out
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every tag in the output is one of the highlight spans. */
function onlySpans(out: string): boolean {
  return [...out.matchAll(/<[^>]*>/g)].every((m) =>
    /^<(span class="y-[a-z]+"|\/span)>$/.test(m[0]),
  );
}

describe('highlightYaml', () => {
  it('classes keys, strings, numbers, booleans, nulls, comments, anchors, tags', () => {
    const out = html(
      '# top\nname: "web" # note\n&base b: *ref\nlist:\n  - 1.5e3\n  - 0x1F\n  - !!str yes\n  - ~\n  - off\n  - plain\n---\n',
    );
    expect(out).toContain('<span class="y-comment"># top</span>');
    expect(out).toContain(
      '<span class="y-key">name</span>: <span class="y-str">&quot;web&quot;</span>',
    );
    expect(out).toContain('<span class="y-comment"># note</span>');
    expect(out).toContain('<span class="y-anchor">&amp;base</span>');
    expect(out).toContain('<span class="y-anchor">*ref</span>');
    expect(out).toContain('<span class="y-num">1.5e3</span>');
    expect(out).toContain('<span class="y-num">0x1F</span>');
    expect(out).toContain('<span class="y-tag">!!str</span> <span class="y-bool">yes</span>');
    expect(out).toContain('<span class="y-null">~</span>');
    expect(out).toContain('<span class="y-bool">off</span>');
    expect(out).toContain('<span class="y-str">plain</span>');
    expect(out).toContain('<span class="y-doc">---</span>');
  });

  it('shows block scalars and flow collections', () => {
    const out = html('block: |\n  <b>text</b>\n  more\nflow: {a: 1, "b": [x, null]}\n');
    expect(out).toContain(
      '<span class="y-ind">|</span>\n<span class="y-str">  &lt;b&gt;text&lt;/b&gt;\n  more\n</span>',
    );
    expect(out).toContain(
      '{<span class="y-key">a</span>: <span class="y-num">1</span>, <span class="y-key">&quot;b&quot;</span>: [<span class="y-str">x</span>, <span class="y-null">null</span>]}',
    );
  });

  it('escapes everything and keeps the text exactly', () => {
    const sources = [
      'a: "<script>alert(1)</script>"\nb: \'&amp;\' # <!-- -->\nc: </span><span class="x">\n',
      '"unterminated: <x>\n  - ] } ,: :\n\t\u0000\u0002\u001f\u0018 weird\n',
      '%YAML 1.2\n--- !<tag:x> &a [*a, {? k : v}]\n... # end\r\nk: v\r\n',
      '{{ if }}<img src=x onerror=alert(1)>{{ end }}\n{{ "}}" }}',
      '\ufeffkey: value',
    ];
    for (const source of sources) {
      const out = html(source);
      expect(onlySpans(out)).toBe(true);
      expect(shown(out)).toBe(source);
    }
  });

  it('highlights Go template actions and keeps the YAML around them', () => {
    const source =
      'image: "{{ .Values.image }}:{{ .Chart.AppVersion }}"\n{{- if .Values.x }}\n  port: {{ .Values.port }}-tcp\n{{- end }}\n{{/*\n multi\n*/}}\n';
    const out = html(source);
    expect(shown(out)).toBe(source);
    expect(out).toContain('<span class="y-tpl">{{ .Values.image }}</span>');
    expect(out).toContain(
      '<span class="y-tpl">{{- if .Values.x }}</span>\n  <span class="y-key">port</span>: ',
    );
    expect(out).toContain(
      '<span class="y-tpl">{{ .Values.port }}</span><span class="y-str">-tcp</span>',
    );
    expect(out).toContain('<span class="y-tpl">{{/*\n multi\n*/}}</span>');
  });

  it('never throws and keeps the text on input that is not YAML', () => {
    const sources = [
      '{{ unclosed',
      '}}}}{{{{',
      '- [\n- {\n: : :\n? ? ?\n',
      '\u0000'.repeat(100),
      "'" + 'x'.repeat(1000),
      '&\n*\n!\n|\n>\n%',
      '\ud800 lone surrogate: \udfff',
    ];
    for (const source of sources) expect(shown(html(source))).toBe(source);
  });

  it('handles 1 MiB of values and pathological inputs', () => {
    const n = MAX_HIGHLIGHT_INPUT;
    const inputs = [
      'key: value # comment\n'.repeat(n / 21),
      '['.repeat(n),
      '{{'.repeat(n / 2),
      '{'.repeat(n),
      ' '.repeat(n - 10) + '{{ x }}',
      '{{ x }}'.repeat(n / 7),
      '"'.repeat(n),
      '- '.repeat(n / 2),
      'a:'.repeat(n / 2),
      '? '.repeat(n / 2),
      '\n'.repeat(n),
    ];
    for (const input of inputs) {
      const r = highlightYaml(input);
      expect(onlySpans(r.html)).toBe(true);
      if (!r.truncated) expect(shown(r.html)).toBe(input);
    }
  });

  it('caps the input and the output, cutting only between spans', () => {
    const big = highlightYaml('a: 1\n'.repeat(MAX_HIGHLIGHT_INPUT / 4));
    expect(big.truncated).toBe(true);
    const capped = highlightYaml('k: "<>"\n'.repeat(10_000), { maxOutput: 10_000 });
    expect(capped.truncated).toBe(true);
    expect(capped.html.length).toBeLessThanOrEqual(10_000);
    expect(onlySpans(capped.html)).toBe(true);
    expect(highlightYaml('a: 1\n').truncated).toBe(false);
  });
});
