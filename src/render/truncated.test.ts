// The truncated mark (truncated.ts): readable text, sizes, escaping.
import { describe, expect, it } from 'vitest';
import { formatBytes, truncatedMark, truncatedText } from './truncated';

describe('truncated mark', () => {
  it('says what was cut and how much is shown', () => {
    expect(truncatedText('values.yaml', 1024 * 1024, 3 * 1024 * 1024)).toBe(
      'Truncated: values.yaml is longer than this page shows (1 MiB of 3 MiB shown).',
    );
    expect(truncatedText('The README')).toBe(
      'Truncated: The README is longer than this page shows.',
    );
  });

  it('is a note whose text is escaped', () => {
    expect(truncatedMark('<b>x</b>')).toBe(
      '<p class="truncated" role="note">Truncated: &lt;b&gt;x&lt;/b&gt; is longer than this page shows.</p>',
    );
  });

  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(16 * 1024)).toBe('16 KiB');
    expect(formatBytes(NaN)).toBe('0 B');
  });
});
