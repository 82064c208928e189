/** The pages' static files: content-hashed names (hashed once per isolate) and their responses. */
import { SITE_CSS } from './site-css';
import { SITE_ICON } from './site-icon';
import { SITE_JS } from './site-js';

export interface Asset {
  /** `/assets/<name>.<hash>.<ext>`. */
  path: string;
  type: string;
  body: Uint8Array<ArrayBuffer>;
}

/** The URLs the layout links. */
export interface AssetPaths {
  css: string;
  js: string;
  icon: string;
}

const SOURCES = [
  { key: 'css', name: 'site', ext: 'css', type: 'text/css; charset=utf-8', text: SITE_CSS },
  { key: 'js', name: 'site', ext: 'js', type: 'text/javascript; charset=utf-8', text: SITE_JS },
  { key: 'icon', name: 'icon', ext: 'svg', type: 'image/svg+xml', text: SITE_ICON },
] as const;

/** A hashed name never changes content, so browsers and the edge keep it for a year. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';

interface Built {
  paths: AssetPaths;
  /** By path (a Map: the path a client asks for is never a plain object's key). */
  byPath: Map<string, Asset>;
}

let built: Promise<Built> | undefined;

async function hashed(text: string): Promise<{ body: Uint8Array<ArrayBuffer>; hash: string }> {
  const body = new Uint8Array(new TextEncoder().encode(text));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  const hash = [...digest.slice(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { body, hash };
}

async function build(): Promise<Built> {
  const byPath = new Map<string, Asset>();
  const paths: AssetPaths = { css: '', js: '', icon: '' };
  for (const source of SOURCES) {
    const { body, hash } = await hashed(source.text);
    const path = `/assets/${source.name}.${hash}.${source.ext}`;
    byPath.set(path, { path, type: source.type, body });
    paths[source.key] = path;
  }
  return { paths, byPath };
}

function assets(): Promise<Built> {
  built ??= build().catch((err: unknown) => {
    built = undefined;
    throw err;
  });
  return built;
}

/** The hashed URLs of the stylesheet and the script. */
export async function assetPaths(): Promise<AssetPaths> {
  return (await assets()).paths;
}

/** The asset served at `path`, undefined for any other path (an old hash included). */
export async function findAsset(path: string): Promise<Asset | undefined> {
  return (await assets()).byPath.get(path);
}
