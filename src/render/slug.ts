/** Heading ids for in-page anchors: GitHub-like slugs, deduplicated within one document. */

const MAX_SLUG = 80;

/** "Install the Chart!" → "install-the-chart" (letters, digits, `-` and `_` kept). */
export function headingSlug(text: string): string {
  const slug = text
    .slice(0, 4 * MAX_SLUG)
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-')
    .slice(0, MAX_SLUG);
  return slug || 'section';
}

/** The ids given so far in one document, and the next suffix to try per base id. */
export class IdRegistry {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();

  /** `id`, or `id-1`, `id-2`… the first one not given yet (linear over a document). */
  unique(id: string): string {
    let n = this.next.get(id) ?? 0;
    let candidate = n === 0 ? id : `${id}-${n}`;
    while (this.used.has(candidate)) candidate = `${id}-${++n}`;
    this.next.set(id, n + 1);
    this.used.add(candidate);
    return candidate;
  }
}
