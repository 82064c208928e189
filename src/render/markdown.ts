/** README Markdown → HTML with markdown-it in a safe mode: no raw HTML, allow-listed URLs, capped. */
import MarkdownIt from 'markdown-it';
import type { Env as MarkdownEnv, Token } from 'markdown-it';
import { escapeHtml } from './escape';
import { headingSlug, IdRegistry } from './slug';

/** The extraction keeps at most 1 MiB of README (helm/chart-contents.ts); this is the same cap. */
export const MAX_MARKDOWN_INPUT = 1024 * 1024;
/** What the rendered HTML may weigh (characters); blocks past it are left out and flagged. */
export const MAX_MARKDOWN_OUTPUT = 4 * 1024 * 1024;
/** Block and inline nesting (markdown-it's `maxNesting`; its default preset allows 100). */
export const MAX_MARKDOWN_NESTING = 20;
/** Heading ids start with this, so a README cannot take the page's own ids. */
export const README_ID_PREFIX = 'readme-';

export interface MarkdownHeading {
  /** The element id (with the prefix). */
  id: string;
  level: number;
  /** Plain text, not HTML: escape it where it is shown. */
  text: string;
}

export interface RenderedMarkdown {
  /** Safe to embed as it is. */
  html: string;
  /** The input or the output went past its cap: show a truncated mark (render/truncated.ts). */
  truncated: boolean;
  headings: MarkdownHeading[];
}

export interface MarkdownOptions {
  /** Prefix of heading ids and of the targets of `#anchor` links; `readme-` by default. */
  idPrefix?: string;
  /** Output cap in characters; MAX_MARKDOWN_OUTPUT by default. */
  maxOutput?: number;
}

/** Schemes a link may have; anything else with a scheme is refused (data:, javascript:, file:…). */
const LINK_SCHEMES = new Set(['http', 'https', 'mailto']);
// C0/C1 controls, every kind of whitespace, zero-width and bidi marks: browsers drop or ignore
// some of these inside a scheme (WHATWG URL strips tab and newline), so they are removed first.
/* eslint-disable no-control-regex -- removing control characters is the point */
const INVISIBLE =
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\s]/g;
/* eslint-enable no-control-regex */
const SCHEME = /^([a-z][a-z0-9+.-]*):/;

/**
 * Whether a link or image URL may be rendered. markdown-it hands `validateLink` the URL after it
 * decoded entities and backslash escapes and percent-encoded the rest (`normalizeLink`); the check
 * undoes the percent-encoding too, so `jav&#x09;ascript:`, `%6Aavascript:` and `\u0000javascript:`
 * all read `javascript:`. Relative URLs and `#anchors` pass; a colon before the first `/`, `?` or
 * `#` is a scheme to a browser, so such a URL passes only with an allowed scheme.
 */
export function isSafeLink(url: string): boolean {
  let text = url;
  for (let i = 0; i < 3; i++) {
    const decoded = percentDecode(text);
    if (decoded === text) break;
    text = decoded;
  }
  text = md.utils.unescapeAll(text).replace(INVISIBLE, '').toLowerCase();
  const scheme = SCHEME.exec(text);
  if (scheme) return LINK_SCHEMES.has(scheme[1]!);
  const colon = text.indexOf(':');
  if (colon === -1) return true;
  const delimiter = text.search(/[/?#]/);
  return delimiter !== -1 && delimiter < colon;
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%`: decode what can be decoded, byte by byte.
    return text.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
  }
}

/** Only absolute http(s) images are shown (others become their alt text). */
function isShownImage(src: string): boolean {
  return /^https?:\/\/[^/]/i.test(src) && isSafeLink(src);
}

const md = new MarkdownIt('default', {
  html: false,
  linkify: true,
  typographer: false,
  maxNesting: MAX_MARKDOWN_NESTING,
});
md.validateLink = isSafeLink;

const LINK_REL = 'nofollow noopener noreferrer';

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  // `[Install](#installation)` targets the prefixed id the heading got.
  if (href.startsWith('#'))
    token.attrSet('href', `#${idPrefixOf(env)}${percentDecode(href.slice(1))}`);
  token.attrSet('rel', LINK_REL);
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const src = String(token.attrGet('src') ?? '');
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  if (!isShownImage(src)) return escapeHtml(alt);
  const title = String(token.attrGet('title') ?? '');
  return (
    `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"` +
    (title ? ` title="${escapeHtml(title)}"` : '') +
    ' loading="lazy" referrerpolicy="no-referrer">'
  );
};

type RenderEnv = MarkdownEnv & { idPrefix: string };

function idPrefixOf(env: unknown): string {
  const prefix = (env as Partial<RenderEnv> | undefined)?.idPrefix;
  return typeof prefix === 'string' ? prefix : README_ID_PREFIX;
}

/** Renders README Markdown; never throws on any input. */
export function renderMarkdown(source: string, options: MarkdownOptions = {}): RenderedMarkdown {
  const idPrefix = options.idPrefix ?? README_ID_PREFIX;
  const maxOutput = options.maxOutput ?? MAX_MARKDOWN_OUTPUT;
  let truncated = false;
  let text = source;
  if (text.length > MAX_MARKDOWN_INPUT) {
    const cut = text.lastIndexOf('\n', MAX_MARKDOWN_INPUT);
    text = text.slice(0, cut > 0 ? cut : MAX_MARKDOWN_INPUT);
    truncated = true;
  }
  const env: RenderEnv = { idPrefix };
  const tokens = md.parse(text, env);
  const headings = prepareTokens(tokens, idPrefix);
  let html = '';
  let headingsShown = 0;
  for (const [start, end] of topLevelBlocks(tokens)) {
    const block = tokens.slice(start, end);
    // The estimate is an upper bound, known before rendering: a block that would blow up (a
    // link reference repeated thousands of times) is never built. One that may fit is rendered
    // and measured, so a page is not cut early.
    const room = maxOutput - html.length;
    const estimate = estimateSize(block);
    const rendered = estimate <= 4 * room ? md.renderer.render(block, md.options, env) : null;
    if (rendered === null || rendered.length > room) {
      truncated = true;
      break;
    }
    html += rendered;
    headingsShown += block.filter((token) => token.type === 'heading_open').length;
  }
  return { html, truncated, headings: headings.slice(0, headingsShown) };
}

/** Gives headings their ids and moves table alignment from `style` (CSP) to a class. */
function prepareTokens(tokens: Token[], idPrefix: string): MarkdownHeading[] {
  const headings: MarkdownHeading[] = [];
  const ids = new IdRegistry();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open') {
      const inline = tokens[i + 1];
      const plain = inline?.type === 'inline' ? inlineText(inline.children ?? []) : '';
      const id = ids.unique(idPrefix + headingSlug(plain));
      token.attrSet('id', id);
      headings.push({ id, level: Number(token.tag.slice(1)) || 1, text: plain.slice(0, 200) });
    } else if (token.type === 'th_open' || token.type === 'td_open') {
      const align = /text-align:(left|right|center)/.exec(String(token.attrGet('style') ?? ''));
      if (token.attrs) token.attrs = token.attrs.filter(([name]) => name !== 'style');
      if (align) token.attrSet('class', `align-${align[1]}`);
    }
  }
  return headings;
}

function inlineText(children: Token[]): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'image') text += inlineText(child.children ?? []);
    if (text.length > 1000) break;
  }
  return text;
}

/** [start, end) ranges of the top-level blocks (each one renders on its own). */
function* topLevelBlocks(tokens: Token[]): Generator<[number, number]> {
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.level === 0 && token.nesting !== 1) {
      yield [start, i + 1];
      start = i + 1;
    }
  }
  if (start < tokens.length) yield [start, tokens.length];
}

/** Markup the renderer adds beyond the token's tag and attributes. */
const EXTRA_MARKUP = new Map([
  ['link_open', 40],
  ['image', 80],
  ['fence', 40],
  ['code_block', 24],
]);

/** An estimate (about the length, at most a few times over) of a block's HTML length: escaped text and attributes plus tag overhead. */
function estimateSize(tokens: Token[]): number {
  let size = 0;
  for (const token of tokens) {
    // `<tag …>` or `</tag>` and a newline; links add their rel, images their fixed attributes.
    size += 2 * token.tag.length + 8 + (EXTRA_MARKUP.get(token.type) ?? 0);
    size += escapedLength(token.content) + token.info.length * 6;
    for (const [, value] of token.attrs ?? []) size += 16 + escapedLength(String(value));
    if (token.children) size += estimateSize(token.children);
  }
  return size;
}

function escapedLength(text: string): number {
  let extra = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 38 || code === 34 || code === 39) extra += 5;
    else if (code === 60 || code === 62) extra += 3;
  }
  return text.length + extra;
}
