/** `…/<version>/compare?with=<other>`: how the default values changed from another version. */
import { DataTable } from '../parts/data-table';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { valuesDiff } from '../../catalog/catalog';
import type { ChartPage, ValuesChange, ValuesDiff } from '../../catalog/types';
import { loadChartPage, renderChartPage } from '../chart-context';
import { badInput } from '../error-page';
import { chartTabUrl } from '../urls';

/** Characters of one old or new value shown in the table. */
const MAX_VALUE_TEXT = 300;

function valueText(value: unknown): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text =
      typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT)}…` : text;
}

function pathText(path: string[]): string {
  return path.length === 0 ? '(the whole document)' : path.join('.');
}

function Changes({ diff }: { diff: ValuesDiff }) {
  if (diff.error) {
    return (
      <p class="notice" role="note">
        The values could not be compared: {diff.error}
      </p>
    );
  }
  if (diff.changes.length === 0) {
    return (
      <p>
        The default values of {diff.from} and {diff.to} are the same.
      </p>
    );
  }
  return (
    <DataTable
      columns={['Key', 'Change', diff.from, diff.to]}
      caption={`Changes of the default values from ${diff.from} to ${diff.to}`}
    >
      {diff.changes.map((change: ValuesChange) => (
        <tr class={`diff-${change.kind}`}>
          <td>
            <code>{pathText(change.path)}</code>
          </td>
          <td>{change.kind}</td>
          <td>
            <code>{valueText(change.from)}</code>
          </td>
          <td>
            <code>{valueText(change.to)}</code>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function CompareView({
  page,
  other,
  diff,
}: {
  page: ChartPage;
  other: string | null;
  diff: ValuesDiff | null;
}) {
  const v = page.version;
  const others = page.chart.versions.filter((s) => s.version !== v.version);
  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare default values</h2>
      {others.length === 0 ? (
        <p class="muted">This chart has only one version.</p>
      ) : (
        <form
          method="get"
          action={chartTabUrl(v, v.name, v.version, 'compare')}
          class="search-form"
        >
          <label for="compare-with">Changes to {v.version} from</label>
          <select id="compare-with" name="with">
            {others.map((s) => (
              <option value={s.version} selected={s.version === other}>
                {s.version}
              </option>
            ))}
          </select>
          <button type="submit">Compare</button>
        </form>
      )}
      {diff && (
        <>
          <h3>
            From {diff.from} to {diff.to}
          </h3>
          <Changes diff={diff} />
          {diff.truncated && (
            <p class="truncated" role="note">
              Truncated: a values.yaml was cut at extraction or the list of changes was capped.
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** The version the page compares with: `?with=`, else the next older one. */
function otherVersion(c: Context<AppEnv>, page: ChartPage): string | null {
  const asked = c.req.query('with');
  if (asked !== undefined) {
    if (asked.length === 0 || asked.length > 255)
      badInput('with must name a version of this chart');
    return asked;
  }
  const all = page.chart.versions;
  const at = all.findIndex((s) => s.version === page.version.version);
  return (
    all[at + 1]?.version ?? all.find((s) => s.version !== page.version.version)?.version ?? null
  );
}

export async function chartComparePage(c: Context<AppEnv>): Promise<Response> {
  const page = await loadChartPage(c, true);
  const other = otherVersion(c, page);
  const diff = other === null ? null : await valuesDiff(c.env, c.get('principal'), page, other);
  if (other !== null && !diff) badInput(`this chart has no version ${other}`);
  return renderChartPage(
    c,
    page,
    'compare',
    'Compare values',
    <CompareView page={page} other={other} diff={diff} />,
  );
}
