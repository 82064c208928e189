// Chart.yaml texts built to make a YAML parser work hard, each under the 1 MiB Chart.yaml cap,
// with the refusal each must get (src/helm/chart-yaml-bounds.ts).
const head = 'apiVersion: v2\nname: ok\nversion: 1.2.3\n';
const lines = (n: number, line: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => line(i)).join('');

export const hostileChartYaml: [string, string, RegExp][] = [
  ['40,000 keys', head + lines(40_000, (i) => `k${i}: v\n`), /more than 5000 lines and items/],
  [
    '40,000 annotations',
    `${head}annotations:\n${lines(40_000, (i) => `  k${i}: v\n`)}`,
    /more than 5000 lines and items/,
  ],
  [
    'a flow list of 200,000 items',
    `${head}keywords: [${'a,'.repeat(200_000)}a]\n`,
    /more than 5000/,
  ],
  ['flow nesting 100,000 deep', `${head}x: ${'['.repeat(100_000)}\n`, /nesting deeper than 64/],
  ['flow mappings 50,000 deep', `${head}x: ${'{a: '.repeat(50_000)}\n`, /nesting deeper than 64/],
  [
    'block mappings 1,000 deep',
    head + lines(1_000, (i) => `${' '.repeat(i)}k${i}:\n`),
    /nesting deeper than 64/,
  ],
  ['block sequences 1,000 deep', `${head}x:\n${'- '.repeat(1_000)}a\n`, /nesting deeper than 64/],
  [
    'a chain of 1,000 aliases',
    `${head}a0: &a0 x\n${lines(1_000, (i) => `a${i + 1}: &a${i + 1} [*a${i}]\n`)}`,
    /more than 50 aliases/,
  ],
  [
    '20,000 aliases of one anchor',
    `${head}a: &a x\nb: [${'*a, '.repeat(20_000)}*a]\n`,
    /more than 50 aliases/,
  ],
  ['a duplicate key', `${head}name: other\n`, /duplicate key "name"/],
];

/** A Chart.yaml as big as real ones get (100 dependencies, 500 annotations): accepted. */
export const bigRealChartYaml =
  head +
  `dependencies:\n${lines(100, (i) => `  - name: dep${i}\n    version: 1.0.0\n    repository: https://charts.example.com\n    condition: dep${i}.enabled\n`)}` +
  `annotations:\n${lines(500, (i) => `  example.com/a${i}: "value ${i}"\n`)}`;
