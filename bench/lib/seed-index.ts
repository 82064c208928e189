// Seeds `default/big` with 20,000 chart versions straight through the D1 binding (the Worker's writes are measured elsewhere).
export const CHARTS = 200;
export const VERSIONS = 100;

/** Seeds `default/big` with CHARTS x VERSIONS chart versions, as rows shaped like real ones. */
export async function seedBigRepository(db: D1Database): Promise<void> {
  const entryYaml = `'  - apiVersion: v2
    appVersion: 1.16.0
    created: "2026-01-01T00:00:00.000Z"
    description: A Helm chart for Kubernetes, seeded for the index benchmark
    digest: ' || printf('%064d', p.id * 1000 + v.i) || '
    home: https://example.com/charts/' || p.name || '
    keywords:
    - web
    - benchmark
    maintainers:
    - email: platform@example.com
      name: Platform Team
    name: ' || p.name || '
    sources:
    - https://github.com/example/' || p.name || '
    type: application
    urls:
    - charts/' || p.name || '/' || p.name || '-1.' || v.i || '.0.tgz
    version: 1.' || v.i || '.0
'`;
  const entryJson = `json_object('apiVersion','v2','appVersion','1.16.0','created','2026-01-01T00:00:00.000Z',
    'description','A Helm chart for Kubernetes, seeded for the index benchmark',
    'digest', printf('%064d', p.id * 1000 + v.i), 'home', 'https://example.com/charts/' || p.name,
    'name', p.name, 'type', 'application',
    'urls', json_array('charts/' || p.name || '/' || p.name || '-1.' || v.i || '.0.tgz'),
    'version', '1.' || v.i || '.0')`;
  const versions = `(WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${VERSIONS - 1}) SELECT i FROM n) v`;
  await db.batch([
    db.prepare(
      `INSERT INTO repositories (storage_id, name) SELECT id, 'big' FROM storages WHERE name = 'default'`,
    ),
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${CHARTS - 1})
       INSERT INTO packages (repository_id, name)
       SELECT (SELECT id FROM repositories WHERE name = 'big'), printf('chart-%03d', i) FROM n`,
    ),
    db.prepare(
      `INSERT INTO manifests (package_id, digest, media_type, size, content)
       SELECT p.id, 'sha256:' || printf('%064d', p.id * 1000 + v.i), 'application/vnd.oci.image.manifest.v1+json', 2, '{}'
       FROM packages p, ${versions} WHERE p.repository_id = (SELECT id FROM repositories WHERE name = 'big')`,
    ),
    db.prepare(
      `INSERT INTO tags (package_id, tag, manifest_digest)
       SELECT p.id, '1.' || v.i || '.0', 'sha256:' || printf('%064d', p.id * 1000 + v.i)
       FROM packages p, ${versions} WHERE p.repository_id = (SELECT id FROM repositories WHERE name = 'big')`,
    ),
    db.prepare(
      `INSERT INTO chart_versions (repository_id, package_id, name, version, tag, version_sort, api_version,
         app_version, description, type, created, archive_digest, archive_size, manifest_digest, protocol,
         index_yaml, index_json)
       SELECT p.repository_id, p.id, p.name, '1.' || v.i || '.0', '1.' || v.i || '.0',
         printf('%020d.%020d.%020d~', 1, v.i, 0) || char(0) || '1.' || v.i || '.0', 'v2', '1.16.0',
         'A Helm chart for Kubernetes, seeded for the index benchmark', 'application', '2026-01-01T00:00:00.000Z',
         'sha256:' || printf('%064d', p.id * 1000 + v.i), 4096, 'sha256:' || printf('%064d', p.id * 1000 + v.i), 'http',
         ${entryYaml}, ${entryJson}
       FROM packages p, ${versions} WHERE p.repository_id = (SELECT id FROM repositories WHERE name = 'big')`,
    ),
  ]);
}
