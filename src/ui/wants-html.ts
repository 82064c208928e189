/** Whether a request's `Accept` prefers an HTML page (a browser) over anything else. */

/** Longest Accept header read, and most media ranges in it (client bytes: bounded first). */
const MAX_ACCEPT = 1024;
const MAX_RANGES = 32;

/**
 * True when `text/html` is listed with a quality (RFC 9110 §12.5.1) at least that of every other
 * specific type. Browsers send `text/html,application/xhtml+xml,…;q=0.9,*\/*;q=0.8`; Helm's getter
 * sends no Accept for `index.yaml` (Go's default) and never asks for the bare repository URL;
 * curl sends `*\/*`: neither is a browser, wildcards alone never count.
 */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept || accept.length > MAX_ACCEPT) return false;
  let html = 0;
  let other = 0;
  for (const range of accept.split(',').slice(0, MAX_RANGES)) {
    const [type = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const q = quality(params);
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, q);
    else if (!type.endsWith('/*')) other = Math.max(other, q);
  }
  return html > 0 && html >= other;
}

function quality(params: string[]): number {
  for (const p of params) {
    const m = /^q=([01](?:\.\d{0,3})?)$/.exec(p);
    if (m) return Math.min(1, Number(m[1]));
  }
  return 1;
}
