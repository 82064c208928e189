/** Install and pull commands for a chart version, right for this host, repository and mode. */

export interface InstallInput {
  /** The page's origin, e.g. `https://charts.example.com` or `http://127.0.0.1:8787`. */
  origin: string;
  storage: string;
  repository: string;
  chart: string;
  version: string;
  mode: 'hybrid' | 'http' | 'oci';
  /** A private repository: the commands need credentials (an access token). */
  private?: boolean;
  /** The release name; the chart's name made a valid release name by default. */
  release?: string;
}

/** The commands of one protocol. Plain text (JSX escapes it where it is shown). */
export interface InstallInstructions {
  protocol: 'http' | 'oci';
  label: string;
  /** One line to copy: the steps joined with ` && `. */
  install: string;
  /** One line to copy that downloads the archive instead. */
  pull: string;
  /** The same install steps one by one. */
  steps: string[];
  notes: string[];
}

/**
 * The commands for each protocol the repository's mode serves (hybrid: HTTP then OCI), or none
 * when the origin is not http(s). Every value is shell-quoted unless it is made of characters a
 * POSIX shell takes literally.
 *
 * - HTTP (`helm repo add`): adding an alias that exists with the same URL is a no-op and a
 *   different one an error (helm/helm `cmd/helm/repo_add.go`), so no `--force-update`, which
 *   would silently repoint someone's existing alias.
 * - OCI: `--version` takes the SemVer version as it is, `+` included: Helm writes the tag with
 *   `_` itself (helm/helm `pkg/registry/reference.go` `newReference`, helm/helm#10166).
 *   `--plain-http` on an `http:` origin: Helm 4 speaks TLS to every registry without it.
 */
export function installInstructions(input: InstallInput): InstallInstructions[] {
  let origin: URL;
  try {
    origin = new URL(input.origin);
  } catch {
    return [];
  }
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:') return [];
  const release = input.release ?? releaseName(input.chart);
  const version = ['--version', quote(input.version)];
  const result: InstallInstructions[] = [];
  if (input.mode !== 'oci') {
    const alias = repoAlias(input.storage, input.repository);
    const url = `${origin.origin}/repositories/${input.storage}/${input.repository}`;
    const credentials = input.private
      ? ['--username', '"$TOKEN_ID"', '--password', '"$SECRET"']
      : [];
    const add = line('helm', 'repo', 'add', quote(alias), quote(url), ...credentials);
    const update = 'helm repo update';
    const ref = quote(`${alias}/${input.chart}`);
    const steps = [add, update, line('helm', 'install', quote(release), ref, ...version)];
    result.push({
      protocol: 'http',
      label: 'Helm repository (HTTP)',
      steps,
      install: steps.join(' && '),
      pull: [add, update, line('helm', 'pull', ref, ...version)].join(' && '),
      notes: input.private
        ? ['A private repository: TOKEN_ID and SECRET are an access token that may read it.']
        : [],
    });
  }
  if (input.mode !== 'http') {
    const plain = origin.protocol === 'http:' ? ['--plain-http'] : [];
    const reference = quote(
      `oci://${origin.host}/${input.storage}/${input.repository}/${input.chart}`,
    );
    const login = input.private
      ? [
          line(
            'helm',
            'registry',
            'login',
            quote(origin.host),
            '--username',
            '"$TOKEN_ID"',
            '--password',
            '"$SECRET"',
            ...plain,
          ),
        ]
      : [];
    const steps = [
      ...login,
      line('helm', 'install', quote(release), reference, ...version, ...plain),
    ];
    const notes: string[] = [];
    if (plain.length > 0)
      notes.push(
        'This registry is served over plain HTTP: --plain-http (Helm 3.13 and later) tells Helm not to use TLS. Helm 3.8 to 3.12 have no such flag and use plain HTTP for localhost by themselves: leave it out there.',
      );
    if (input.private)
      notes.push('A private repository: TOKEN_ID and SECRET are an access token that may read it.');
    result.push({
      protocol: 'oci',
      label: 'OCI registry (Helm 3.8 and later)',
      steps,
      install: steps.join(' && '),
      pull: [...login, line('helm', 'pull', reference, ...version, ...plain)].join(' && '),
      notes,
    });
  }
  return result;
}

function line(...words: string[]): string {
  return words.join(' ');
}

// Characters no POSIX shell treats specially anywhere in a word (`+`, `:`, `@`, `%`, `=`, `,`
// included; `~` only at a word's start, so it is left out).
const SHELL_SAFE = /^[A-Za-z0-9._/:@%+=,-]+$/;

/** A word for a POSIX shell: as it is when it is safe, else single-quoted (`'` as `'\''`). */
export function quote(word: string): string {
  if (SHELL_SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The chart's name as a release name: Helm requires a DNS-1123 label of at most 53 characters
 * (helm/helm `pkg/chartutil/validate_name.go`), so `_` becomes `-` and the rest is trimmed.
 */
export function releaseName(chart: string): string {
  const name = chart
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/[.-]*\.[.-]*/g, '.')
    .replace(/-{2,}/g, '-')
    .slice(0, 53)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return name || 'release';
}

/** `<storage>-<repository>` as a `helm repo add` name: lower-case letters, digits and `-`. */
export function repoAlias(storage: string, repository: string): string {
  const alias = `${storage}-${repository}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return alias || 'charts';
}
