/** The side of a chart version's page: install, versions, facts, dependencies, maintainers, links. */
import type { Child } from 'hono/jsx';
import type { ChartPage, ChartVersionDetail } from '../../catalog/types';
import { chartTabUrl, chartUrl, httpUrl } from '../urls';
import { DateText, formatSize, VersionMarks } from './format';

/** Versions the side list shows (the versions tab lists them all). */
export const SIDE_VERSIONS = 15;

function Section({ id, title, children }: { id: string; title: string; children: Child }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** An http(s) URL as a link, anything else as text. */
export function MaybeLink({ url, text }: { url: string; text?: string }) {
  const href = httpUrl(url);
  if (!href) return <span>{text ?? url}</span>;
  return (
    <a href={href} rel="nofollow noopener noreferrer">
      {text ?? url}
    </a>
  );
}

function Versions({ page }: { page: ChartPage }) {
  const v = page.version;
  const all = page.chart.versions;
  const shown = all.slice(0, SIDE_VERSIONS);
  if (!shown.some((s) => s.version === v.version)) {
    const current = all.find((s) => s.version === v.version);
    if (current) shown.push(current);
  }
  return (
    <Section id="side-versions" title="Versions">
      <ul class="versions">
        {shown.map((s) => (
          <li>
            <a
              href={chartUrl(v, v.name, s.version)}
              aria-current={s.version === v.version ? 'page' : undefined}
            >
              {s.version}
            </a>{' '}
            <span class="muted">
              <DateText iso={s.created} />
            </span>
            <VersionMarks version={s} />
          </li>
        ))}
      </ul>
      {all.length > shown.length && (
        <p>
          <a href={chartTabUrl(v, v.name, v.version, 'versions')}>All {all.length} versions</a>
        </p>
      )}
    </Section>
  );
}

function Facts({ v }: { v: ChartVersionDetail }) {
  return (
    <Section id="side-facts" title="Details">
      <dl class="facts">
        {v.appVersion && (
          <>
            <dt>App version</dt>
            <dd>{v.appVersion}</dd>
          </>
        )}
        <dt>Chart API</dt>
        <dd>{v.apiVersion}</dd>
        {v.kubeVersion && (
          <>
            <dt>Kubernetes</dt>
            <dd>{v.kubeVersion}</dd>
          </>
        )}
        <dt>License</dt>
        <dd>{v.license ?? <span class="muted">not stated</span>}</dd>
        <dt>Provenance</dt>
        <dd>
          {v.provenance.signed ? (
            <>
              signed
              {v.provenance.keyId ? (
                <>
                  {' '}
                  with key <code>{v.provenance.keyId}</code>
                </>
              ) : (
                ' (key id unreadable)'
              )}
            </>
          ) : (
            'not signed'
          )}
        </dd>
        <dt>Archive</dt>
        <dd>{formatSize(v.archiveSize)}</dd>
        <dt>Digest</dt>
        <dd>
          <code>{v.digest}</code>
        </dd>
        {v.containsSecurityUpdates && (
          <>
            <dt>Security</dt>
            <dd>contains security updates</dd>
          </>
        )}
      </dl>
    </Section>
  );
}

function Dependencies({ v }: { v: ChartVersionDetail }) {
  if (v.dependencies.length === 0) return null;
  return (
    <Section id="side-dependencies" title="Dependencies">
      <ul>
        {v.dependencies.map((d) => (
          <li>
            {d.local ? <a href={chartUrl(d.local, d.local.name)}>{d.name}</a> : d.name}
            {d.version && <> {d.version}</>}
            {d.alias && <> (as {d.alias})</>}
            {d.repository && !d.local && (
              <>
                {' '}
                <span class="muted">from {d.repository}</span>
              </>
            )}
            {d.condition && (
              <>
                {' '}
                <span class="muted">if {d.condition}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Maintainers({ v }: { v: ChartVersionDetail }) {
  if (v.maintainers.length === 0) return null;
  return (
    <Section id="side-maintainers" title="Maintainers">
      <ul>
        {v.maintainers.map((m) => (
          <li>
            {m.url ? <MaybeLink url={m.url} text={m.name} /> : m.name}
            {m.email && (
              <>
                {' '}
                <span class="muted">{m.email}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Links({ v }: { v: ChartVersionDetail }) {
  const links = [
    ...(v.home ? [{ name: 'Home', url: v.home }] : []),
    ...v.links,
    ...v.sources.map((url) => ({ name: 'Source', url })),
  ];
  if (links.length === 0) return null;
  return (
    <Section id="side-links" title="Links">
      <ul>
        {links.map((l) => (
          <li>
            {l.name}: <MaybeLink url={l.url} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Keywords({ v }: { v: ChartVersionDetail }) {
  if (v.keywords.length === 0) return null;
  return (
    <Section id="side-keywords" title="Keywords">
      <p>
        {v.keywords.map((k) => (
          <>
            <a class="mark" href={`/search?q=${encodeURIComponent(k)}`}>
              {k}
            </a>{' '}
          </>
        ))}
      </p>
    </Section>
  );
}

export function ChartSidebar({ page, install }: { page: ChartPage; install: Child }) {
  const v = page.version;
  return (
    <aside aria-label="About this chart">
      {install}
      <Versions page={page} />
      <Facts v={v} />
      <Dependencies v={v} />
      <Maintainers v={v} />
      <Links v={v} />
      <Keywords v={v} />
    </aside>
  );
}
