/** `/search?q=&page=`: charts matching the query across readable repositories, paginated. */
import { pagingParam } from '../../http/paging-param';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { MAX_QUERY_LENGTH, MAX_SEARCH_PAGE, searchCharts } from '../../catalog/catalog';
import type { SearchPage } from '../../catalog/types';
import { badInput } from '../error-page';
import { ChartList } from '../parts/chart-list';
import { Pager } from '../parts/pager';
import { renderPage } from '../render-page';
import { searchUrl } from '../urls';

/** Past these the page says so (400) rather than the catalog clamping in silence. */
const MAX_QUERY = MAX_QUERY_LENGTH;
const MAX_PAGE = MAX_SEARCH_PAGE;

export function SearchView({ result }: { result: SearchPage }) {
  const pages = Math.max(1, Math.ceil(result.total / result.perPage));
  const first = (result.page - 1) * result.perPage + 1;
  const last = first + result.hits.length - 1;
  return (
    <>
      <h1>{result.query ? `Charts matching “${result.query}”` : 'All charts'}</h1>
      <p class="muted" role="status">
        {result.total === 0
          ? 'No chart found.'
          : `${first}–${last} of ${result.total} chart${result.total === 1 ? '' : 's'}`}
      </p>
      <ChartList
        charts={result.hits}
        empty="Try another name, a keyword or a word of a description."
      />
      <Pager
        label="Result pages"
        page={result.page}
        pages={pages}
        href={(n) => searchUrl(result.query, n)}
        previous="← Previous"
        next="Next →"
      />
    </>
  );
}

/** `page` as 1..MAX_PAGE (absent: 1); anything else is a 400 page. */
function pageNumber(raw: string | undefined): number {
  // The search form's empty page field is no page.
  const page = pagingParam(raw || undefined, 1, MAX_PAGE);
  if (page === null) badInput(`page must be a whole number from 1 to ${MAX_PAGE}`);
  return page;
}

export async function searchPage(c: Context<AppEnv>): Promise<Response> {
  const query = c.req.query('q') ?? '';
  if (query.length > MAX_QUERY) badInput(`the search text is longer than ${MAX_QUERY} characters`);
  const page = pageNumber(c.req.query('page'));
  const result = await searchCharts(c.env, c.get('principal'), query, page);
  return renderPage(
    c,
    { title: result.query ? `Search: ${result.query}` : 'All charts', query: result.query },
    <SearchView result={result} />,
  );
}
