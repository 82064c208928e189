// decideAccess (decide.ts) as a table: principals x actions x visibility x what is known.
import { describe, expect, it } from 'vitest';
import {
  BASIC_SURFACE,
  decideAccess,
  OCI_SURFACE,
  type Decision,
  type RepositoryFacts,
  type SurfaceRules,
} from './decide';
import { ANONYMOUS, type Principal } from './principal';

const REPO = 'default/decided';
const TARGET = { storage: 'default', repository: 'decided', fullName: `${REPO}/chart` };

const user = (grants: [string, ('read' | 'write' | 'delete')[]][]): Principal => ({
  kind: 'user',
  subject: 'token:t',
  grants: grants.map(([target, actions]) => ({ target, actions })),
});

const PRINCIPALS = {
  anonymous: ANONYMOUS,
  invalid: { kind: 'invalid' },
  admin: { kind: 'admin', subject: 'admin' },
  reader: user([[REPO, ['read']]]),
  writer: user([[REPO, ['read', 'write']]]),
  maintainer: user([[REPO, ['read', 'write', 'delete']]]),
  other: user([['default/elsewhere', ['read', 'write', 'delete']]]),
  /** A registry token's grant on one OCI name. */
  'name reader': user([[TARGET.fullName, ['read']]]),
  /** A registry token issued to a caller without credentials (its public pulls are no grant). */
  'anonymous token': { kind: 'user', subject: 'anonymous', grants: [] },
} satisfies Record<string, Principal>;
type Who = keyof typeof PRINCIPALS;

const ACTIONS = ['read', 'write', 'delete'] as const;
const STATES = ['public', 'private', 'missing'] as const;
const FACTS: Record<(typeof STATES)[number], RepositoryFacts | null> = {
  public: { visibility: 'public' },
  private: { visibility: 'private' },
  missing: null,
};

/**
 * One row: read write delete on a public, a private and a missing repository. `all` and `pub`
 * are allowed with that readScope, `401` a challenge (`401!`: the credentials were refused),
 * `404` hidden, `403` denied; `*` marks the cells where a loader was called.
 */
type Row = string;

const render = (d: Decision) =>
  d.outcome === 'allowed'
    ? d.readScope === 'all'
      ? 'all'
      : 'pub'
    : d.outcome === 'challenge'
      ? d.invalid
        ? '401!'
        : '401'
      : d.outcome === 'hidden'
        ? '404'
        : '403';

interface Table {
  surface: SurfaceRules;
  /** Whether the decision gets a loader (and may not call it) or the facts. */
  knowledge: 'loader' | 'facts';
  rows: Record<Who, Row>;
}

const TABLES: Record<string, Table> = {
  // Helm HTTP, ChartMuseum (a loader) and admin (the row by id): the repository is always loaded.
  'Basic surfaces': {
    surface: BASIC_SURFACE,
    knowledge: 'loader',
    rows: {
      anonymous: 'pub* 401* 401* | 401* 401* 401* | 401* 401* 401*',
      invalid: '401! 401! 401! | 401! 401! 401! | 401! 401! 401!',
      admin: 'all* all* all* | all* all* all* | 404* 404* 404*',
      reader: 'all* 403* 403* | all* 403* 403* | 404* 404* 404*',
      writer: 'all* all* 403* | all* all* 403* | 404* 404* 404*',
      maintainer: 'all* all* all* | all* all* all* | 404* 404* 404*',
      other: 'pub* 403* 403* | 404* 404* 404* | 404* 404* 404*',
      'name reader': 'all* 403* 403* | all* 403* 403* | 404* 404* 404*',
      'anonymous token': 'pub* 401* 401* | 401* 401* 401* | 401* 401* 401*',
    },
  },
  // /v2 middleware (oci/access.ts requireAccess): reads and grants need no repository.
  'OCI, repository not loaded': {
    surface: OCI_SURFACE,
    knowledge: 'loader',
    rows: {
      anonymous: '401 401 401 | 401 401 401 | 401 401 401',
      invalid: '401! 401! 401! | 401! 401! 401! | 401! 401! 401!',
      admin: 'all all all | all all all | all all all',
      reader: 'all 403* 403* | all 403* 403* | all 404* 404*',
      writer: 'all all 403* | all all 403* | all all 404*',
      maintainer: 'all all all | all all all | all all all',
      other: 'pub 403* 403* | pub 404* 404* | pub 404* 404*',
      'name reader': 'all 403* 403* | all 403* 403* | all 404* 404*',
      'anonymous token': 'pub 401 401 | pub 401 401 | pub 401 401',
    },
  },
  // /v2 once a lookup brought the repository (oci/access.ts nameUnknownIn).
  'OCI, repository known': {
    surface: OCI_SURFACE,
    knowledge: 'facts',
    rows: {
      anonymous: '401 401 401 | 401 401 401 | 401 401 401',
      invalid: '401! 401! 401! | 401! 401! 401! | 401! 401! 401!',
      admin: 'all all all | all all all | 404 404 404',
      reader: 'all 403 403 | all 403 403 | 404 404 404',
      writer: 'all all 403 | all all 403 | 404 404 404',
      maintainer: 'all all all | all all all | 404 404 404',
      other: 'pub 403 403 | 404 404 404 | 404 404 404',
      'name reader': 'all 403 403 | all 403 403 | 404 404 404',
      'anonymous token': 'pub 401 401 | 401 401 401 | 401 401 401',
    },
  },
};

// The repository known, loaded on demand, or (on /v2) not loaded. The surfaces' rendering of each
// outcome is in test/worker/permission-matrix.test.ts.
describe('the access decision', () => {
  for (const [title, table] of Object.entries(TABLES)) {
    for (const who of Object.keys(table.rows) as Who[]) {
      it(`${title}: ${who}`, async () => {
        const cells: string[] = [];
        for (const state of STATES) {
          for (const action of ACTIONS) {
            let loads = 0;
            const facts = FACTS[state];
            const loader = () => {
              loads++;
              return Promise.resolve(facts);
            };
            const decision = await decideAccess({
              principal: PRINCIPALS[who],
              surface: table.surface,
              action,
              target: TARGET,
              repository: table.knowledge === 'loader' ? loader : facts,
            });
            expect(loads).toBeLessThanOrEqual(1);
            cells.push(render(decision) + (loads ? '*' : ''));
          }
        }
        const row = [0, 3, 6].map((i) => cells.slice(i, i + 3).join(' ')).join(' | ');
        expect(row).toBe(table.rows[who]);
      });
    }
  }

  it('denies with the message the surfaces show', () => {
    const decision = decideAccess({
      principal: PRINCIPALS.reader,
      surface: BASIC_SURFACE,
      action: 'write',
      target: TARGET,
      repository: FACTS.private,
    });
    expect(decision).toEqual({
      outcome: 'denied',
      message: `write is not allowed on ${REPO} with these credentials`,
    });
  });

  // Registry-wide questions: `sign-in` (/v2/ and the catalog; the admin repository list) and
  // `administer` (admin-only endpoints). No repository, so nothing to load.
  const REGISTRY: Record<'sign-in' | 'administer', Record<'oci' | 'basic', Record<Who, string>>> = {
    'sign-in': {
      oci: {
        anonymous: '401',
        invalid: '401!',
        admin: 'all',
        reader: 'pub',
        writer: 'pub',
        maintainer: 'pub',
        other: 'pub',
        'name reader': 'pub',
        'anonymous token': 'pub',
      },
      basic: {
        anonymous: 'pub',
        invalid: '401!',
        admin: 'all',
        reader: 'pub',
        writer: 'pub',
        maintainer: 'pub',
        other: 'pub',
        'name reader': 'pub',
        'anonymous token': 'pub',
      },
    },
    administer: {
      oci: {
        anonymous: '401',
        invalid: '401!',
        admin: 'all',
        reader: '403',
        writer: '403',
        maintainer: '403',
        other: '403',
        'name reader': '403',
        'anonymous token': '401',
      },
      basic: {
        anonymous: '401',
        invalid: '401!',
        admin: 'all',
        reader: '403',
        writer: '403',
        maintainer: '403',
        other: '403',
        'name reader': '403',
        'anonymous token': '401',
      },
    },
  };
  for (const [action, bySurface] of Object.entries(REGISTRY)) {
    it(`registry question: ${action}`, () => {
      for (const [name, surface] of [
        ['oci', OCI_SURFACE],
        ['basic', BASIC_SURFACE],
      ] as const) {
        const got = Object.fromEntries(
          (Object.keys(PRINCIPALS) as Who[]).map((who) => [
            who,
            render(
              decideAccess({
                principal: PRINCIPALS[who],
                surface,
                action: action as 'sign-in' | 'administer',
              }),
            ),
          ]),
        );
        expect(got, name).toEqual(bySurface[name]);
      }
    });
  }
});
