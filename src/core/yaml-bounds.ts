/** Bounds the work of parsing a YAML text, in one pass over its characters before `yaml` parses it. */

/** Upper bounds of what the parser may build (helm/chart-yaml-bounds.ts, catalog/bounded-yaml.ts). */
export interface YamlLimits {
  /** Content lines, flow items and `- ` items. */
  nodes: number;
  /** Indentation levels plus open flow collections. */
  depth: number;
  /** Aliases (`*name`); each one makes the library walk the document. */
  aliases: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
const STAR = 0x2a;
const COMMA = 0x2c;
const OPEN_SQUARE = 0x5b;
const OPEN_CURLY = 0x7b;
const CLOSE_SQUARE = 0x5d;
const CLOSE_CURLY = 0x7d;

const isBlank = (c: number) => c === SPACE || c === TAB;

const tooDeep = (limits: YamlLimits) => `nesting deeper than ${limits.depth} levels`;

/**
 * What a YAML text passes of `limits`, or null: whether it could have more than `nodes` nodes,
 * nest deeper than `depth`, or hold more than `aliases` aliases.
 * Depth is an indentation stack, as Python's tokenizer keeps one, plus the open flow brackets.
 *
 * The `yaml` library is not linear in the input: its duplicate-key check compares every key of a
 * mapping with every other (40,000 `kN: v` lines took 23-31 s), resolving an alias walks the whole
 * document, flow collections nest by recursion (100,000 `[` overflow the stack after a second of
 * CPU), and even its Lexer slows down with the length of the source. So one pass over the
 * characters, with no allocation per line, first bounds what the parser would build: it counts
 * an upper bound of the nodes (content lines, flow items, `- ` items), of the nesting depth and
 * of the aliases, and stops at the first limit passed. It over-counts (a `[` in a quoted string
 * counts) and never under-counts, so a hostile text is refused after a few milliseconds
 * whatever its size.
 */
export function yamlBoundsProblem(source: string, limits: YamlLimits): string | null {
  let nodes = 0;
  let aliases = 0;
  let flow = 0;
  const indents: number[] = [];
  const length = source.length;
  let at = 0;
  while (at < length) {
    let end = source.indexOf('\n', at);
    if (end < 0) end = length;
    let col = at;
    while (col < end && source.charCodeAt(col) === SPACE) col += 1;
    const first = col < end ? source.charCodeAt(col) : LF;
    if (first !== LF && first !== CR && first !== HASH) {
      nodes += 1;
      // `- - - x`: each `- ` opens one more block level, at its own column.
      for (;;) {
        while (indents.length && indents[indents.length - 1]! >= col - at) indents.pop();
        indents.push(col - at);
        const next = col + 1 < end ? source.charCodeAt(col + 1) : LF;
        if (source.charCodeAt(col) !== DASH || !(isBlank(next) || next === LF || next === CR))
          break;
        nodes += 1;
        col += 2;
        while (col < end && isBlank(source.charCodeAt(col))) col += 1;
        if (col >= end) break;
      }
      if (indents.length > limits.depth) return tooDeep(limits);
      let previous = SPACE;
      for (let i = col; i < end; i++) {
        const c = source.charCodeAt(i);
        if (c === OPEN_SQUARE || c === OPEN_CURLY) {
          nodes += 1;
          if (++flow + indents.length > limits.depth) return tooDeep(limits);
        } else if ((c === CLOSE_SQUARE || c === CLOSE_CURLY) && flow > 0) flow -= 1;
        else if (c === COMMA) nodes += 1;
        else if (
          c === STAR &&
          (isBlank(previous) || previous === OPEN_SQUARE || previous === COMMA)
        ) {
          if (++aliases > limits.aliases) return `more than ${limits.aliases} aliases`;
        }
        previous = c;
      }
      if (nodes > limits.nodes) return `more than ${limits.nodes} lines and items`;
    }
    at = end + 1;
  }
  return null;
}
