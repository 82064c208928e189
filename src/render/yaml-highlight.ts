/** values.yaml and template text → escaped HTML with highlight spans (the `yaml` package's Lexer). */
import { Lexer } from 'yaml';
import { escapeHtml } from './escape';

/** The extraction keeps at most 1 MiB of a values file or template; this is the same cap. */
export const MAX_HIGHLIGHT_INPUT = 1024 * 1024;
/** What the HTML may weigh (characters); the text past it is left out and flagged. */
export const MAX_HIGHLIGHT_OUTPUT = 4 * 1024 * 1024;

/** The classes the output uses (the page's stylesheet colours them). */
export type YamlClass =
  | 'y-key'
  | 'y-str'
  | 'y-num'
  | 'y-bool'
  | 'y-null'
  | 'y-comment'
  | 'y-anchor'
  | 'y-tag'
  | 'y-ind'
  | 'y-doc'
  | 'y-tpl';

export interface HighlightedYaml {
  /** For a `<pre><code>`: the text with its newlines, every character escaped. */
  html: string;
  /** The input or the output went past its cap: show a truncated mark (render/truncated.ts). */
  truncated: boolean;
}

export interface HighlightOptions {
  /** Output cap in characters; MAX_HIGHLIGHT_OUTPUT by default. */
  maxOutput?: number;
}

// The Lexer's control tokens, which stand for no source text (yaml's `CST.DOCUMENT`,
// `CST.FLOW_END`, `CST.SCALAR`).
const CONTROL = new Set(['\u0002', '\u0018', '\u001f']);

// Helm reads values with sigs.k8s.io/yaml, i.e. go-yaml v2, which resolves plain scalars as
// YAML 1.1 does (go-yaml v2 `resolve.go`): `yes`, `on`, `y`… are booleans there.
const BOOLS = new Set(
  'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF'.split(' '),
);
const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const NUMBER =
  /^(?:[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * Highlights YAML; Go templates (Helm's `templates/`) are not YAML, so each `{{ … }}` action is
 * lexed as a placeholder of the same length and shown as `y-tpl`. Text the Lexer cannot account
 * for is shown escaped and unhighlighted. Never throws; linear in the input.
 */
export function highlightYaml(source: string, options: HighlightOptions = {}): HighlightedYaml {
  const out = new Output(options.maxOutput ?? MAX_HIGHLIGHT_OUTPUT);
  let text = source;
  if (text.length > MAX_HIGHLIGHT_INPUT) {
    text = text.slice(0, MAX_HIGHLIGHT_INPUT);
    out.truncated = true;
  }
  const actions = templateActions(text);
  const spans = lexSpans(maskActions(text, actions));
  const writer = new SpanWriter(text, actions, out);
  if (spans) for (const [start, end, cls] of spans) writer.write(start, end, cls);
  else writer.write(0, text.length, null);
  writer.finish();
  return { html: out.html, truncated: out.truncated };
}

/** [start, end) of each `{{ … }}` action, in order (one indexOf pass: linear on `{{{{…`). */
function templateActions(text: string): [number, number][] {
  const actions: [number, number][] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open === -1) break;
    const close = text.indexOf('}}', open + 2);
    if (close === -1) break;
    actions.push([open, close + 2]);
    from = close + 2;
  }
  return actions;
}

/**
 * The text with each action's characters (newlines kept) replaced, for the Lexer: an action alone
 * on its line (`{{- if … }}`) becomes a comment, so the lines around it keep their structure;
 * one inside a line (`image: {{ .Values.image }}`) a plain scalar of `x`.
 */
function maskActions(text: string, actions: [number, number][]): string {
  if (actions.length === 0) return text;
  let masked = '';
  let at = 0;
  for (const [start, end] of actions) {
    const body = text.slice(start, end);
    masked +=
      text.slice(at, start) +
      (aloneOnLine(text, start, end)
        ? body.replace(/[^\n]+/g, (line) => '#' + 'x'.repeat(line.length - 1))
        : body.replace(/[^\n]/g, 'x'));
    at = end;
  }
  return masked + text.slice(at);
}

/** Only spaces or tabs between the action and the line's ends (each scan stops at anything else). */
function aloneOnLine(text: string, start: number, end: number): boolean {
  let before = start - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  if (before >= 0 && text[before] !== '\n') return false;
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  return after === text.length || text[after] === '\n' || text[after] === '\r';
}

type Span = [start: number, end: number, cls: YamlClass | null];

/** The Lexer's tokens as classed spans of the text, or null when they do not add up to it. */
function lexSpans(text: string): Span[] | null {
  let tokens: string[];
  try {
    tokens = [...new Lexer().lex(text)];
  } catch {
    return null;
  }
  const spans: Span[] = [];
  let at = 0;
  let scalarNext = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (CONTROL.has(token)) {
      scalarNext = token === '\u001f';
      continue;
    }
    if (!text.startsWith(token, at)) return null;
    spans.push([at, at + token.length, classOf(token, scalarNext, tokens, i)]);
    at += token.length;
    scalarNext = false;
  }
  return at === text.length ? spans : null;
}

function classOf(token: string, scalar: boolean, tokens: string[], i: number): YamlClass | null {
  const first = token[0];
  if (scalar) {
    // A plain scalar, or a block scalar's body (after `|` or `>`).
    if (isKey(tokens, i)) return 'y-key';
    const previous = previousSource(tokens, i);
    if (previous !== undefined && /^[|>]/.test(previous)) return 'y-str';
    return plainClass(token.trim());
  }
  switch (first) {
    case '"':
    case "'":
      return isKey(tokens, i) ? 'y-key' : 'y-str';
    case '#':
      return 'y-comment';
    case '&':
    case '*':
      return 'y-anchor';
    case '!':
      return 'y-tag';
    case '|':
    case '>':
      return 'y-ind';
    case '%':
      return 'y-doc';
    case '-':
    case '.':
      return token === '---' || token === '...' ? 'y-doc' : null;
    default:
      return null;
  }
}

function plainClass(value: string): YamlClass {
  if (NULLS.has(value)) return 'y-null';
  if (BOOLS.has(value)) return 'y-bool';
  if (NUMBER.test(value)) return 'y-num';
  return 'y-str';
}

/** A scalar is a key when `:` follows it (past spaces) on the same line. */
function isKey(tokens: string[], i: number): boolean {
  for (let j = i + 1; j < tokens.length && j < i + 4; j++) {
    const next = tokens[j]!;
    if (next === ':') return true;
    if (!/^[ \t]+$/.test(next)) return false;
  }
  return false;
}

function previousSource(tokens: string[], i: number): string | undefined {
  for (let j = i - 1; j >= 0 && j > i - 4; j--) {
    const token = tokens[j]!;
    if (!CONTROL.has(token) && token !== '\n') return token;
  }
  return undefined;
}

/** Bounded HTML output: past the cap nothing more is added and `truncated` is set. */
class Output {
  html = '';
  truncated = false;
  constructor(private readonly max: number) {}

  add(piece: string): boolean {
    if (this.html.length + piece.length > this.max) {
      this.truncated = true;
      return false;
    }
    this.html += piece;
    return true;
  }
}

/** Writes spans of the text, splitting them where a template action starts or ends. */
class SpanWriter {
  private next = 0;
  private full = false;
  constructor(
    private readonly text: string,
    private readonly actions: [number, number][],
    private readonly out: Output,
  ) {}

  write(start: number, end: number, cls: YamlClass | null): void {
    let at = start;
    while (at < end && !this.full) {
      while (this.next < this.actions.length && this.actions[this.next]![1] <= at) this.next++;
      const action = this.actions[this.next];
      if (action && action[0] <= at) {
        const stop = Math.min(end, action[1]);
        this.piece(at, stop, 'y-tpl');
        at = stop;
      } else {
        const stop = action ? Math.min(end, action[0]) : end;
        this.piece(at, stop, cls);
        at = stop;
      }
    }
  }

  /** Adds the last run (call once, after the last `write`). */
  finish(): void {
    this.flush();
  }

  // Neighbouring pieces of one class (a multi-line action's lines) share one span.
  private runClass: YamlClass | null = null;
  private runText = '';

  private piece(start: number, end: number, cls: YamlClass | null): void {
    if (cls !== this.runClass) this.flush();
    this.runClass = cls;
    // Long runs (the unhighlighted fallback) go out in slices, so the cap cuts near its mark.
    for (let at = start; at < end && !this.full; at += SLICE) {
      this.runText += this.text.slice(at, Math.min(end, at + SLICE));
      if (this.runText.length >= SLICE) this.flush();
    }
  }

  private flush(): void {
    if (this.runText === '' || this.full) return;
    const text = escapeHtml(this.runText);
    this.runText = '';
    if (!this.out.add(this.runClass ? `<span class="${this.runClass}">${text}</span>` : text))
      this.full = true;
  }
}

const SLICE = 65_536;
