/** A value as JSON text of bounded length: the work stops once the cap is reached. */

const MAX_DEPTH = 8;

/** JSON text of `value`, cut at `max` characters with `…` (never walks more than it shows). */
export function jsonPreview(value: unknown, max: number): string {
  const out = new Preview(max);
  out.value(value, 0);
  return out.text();
}

class Preview {
  private parts: string[] = [];
  private length = 0;
  private cut = false;

  constructor(private readonly max: number) {}

  text(): string {
    const joined = this.parts.join('');
    return this.cut || joined.length > this.max
      ? `${joined.slice(0, Math.max(0, this.max - 1))}…`
      : joined;
  }

  private push(piece: string): boolean {
    if (this.cut) return false;
    this.parts.push(piece);
    this.length += piece.length;
    if (this.length > this.max) this.cut = true;
    return !this.cut;
  }

  value(value: unknown, depth: number): void {
    if (this.cut) return;
    if (value === null || typeof value === 'boolean') this.push(String(value));
    else if (typeof value === 'number') this.push(Number.isFinite(value) ? String(value) : 'null');
    // A long string is cut before it is quoted, so a 1 MiB default costs what it shows.
    else if (typeof value === 'string') this.push(JSON.stringify(value.slice(0, this.max + 1)));
    else if (Array.isArray(value)) {
      if (depth >= MAX_DEPTH) return void this.push('[…]');
      this.push('[');
      for (let i = 0; i < value.length && !this.cut; i++) {
        if (i > 0) this.push(',');
        this.value(value[i], depth + 1);
      }
      this.push(']');
    } else if (typeof value === 'object') {
      if (depth >= MAX_DEPTH) return void this.push('{…}');
      this.push('{');
      let first = true;
      for (const key in value) {
        if (this.cut) break;
        if (!Object.hasOwn(value, key)) continue;
        if (!first) this.push(',');
        first = false;
        this.push(`${JSON.stringify(key.slice(0, this.max + 1))}:`);
        this.value((value as Record<string, unknown>)[key], depth + 1);
      }
      this.push('}');
    } else this.push('null');
  }
}
