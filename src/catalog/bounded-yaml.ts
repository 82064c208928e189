/** YAML from chart authors (values.yaml, Artifact Hub annotations) parsed with bounded work. */
import { parseDocument } from 'yaml';
import { yamlBoundsProblem, type YamlLimits } from '../core/yaml-bounds';

/**
 * values.yaml of real charts runs to a few thousand content lines (kube-prometheus-stack's, one
 * of the biggest: ~5,000 with its comments) and nests under ten levels. The `yaml` library
 * costs ~20 ms of CPU per 1,000 lines (measured: 20,000 lines, 1 MiB, ~430 ms), so 20,000
 * lines and items bound a diff (two parses) to about a second whatever a body holds.
 */
export const VALUES_LIMITS: YamlLimits = { nodes: 20_000, depth: 64, aliases: 100 };
/** An annotation value (`artifacthub.io/changes` and the like): a few hundred entries at most. */
export const ANNOTATION_LIMITS: YamlLimits = { nodes: 5_000, depth: 16, aliases: 20 };

export type ParsedYaml = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Parses `source` once it passes `limits` (core/yaml-bounds.ts). The options keep the `yaml`
 * library safe and linear: the core schema (no custom or language tags: `!!js/function` stays
 * a string), no `<<` merge keys, no duplicate-key check (quadratic; the last key wins, as in
 * Helm's sigs.k8s.io/yaml), at most `limits.aliases` aliases resolved. Mappings come back as
 * Maps, so a key such as `__proto__` or `constructor` is only ever a Map key.
 */
export function parseBoundedYaml(source: string, limits: YamlLimits): ParsedYaml {
  const problem = yamlBoundsProblem(source, limits);
  if (problem) return { ok: false, error: `the YAML has ${problem}` };
  try {
    const document = parseDocument(source, {
      schema: 'core',
      merge: false,
      uniqueKeys: false,
      prettyErrors: false,
      strict: false,
    });
    if (document.errors.length) {
      return { ok: false, error: `not valid YAML: ${document.errors[0]!.message}` };
    }
    return { ok: true, value: document.toJS({ mapAsMap: true, maxAliasCount: limits.aliases }) };
  } catch (err) {
    return { ok: false, error: `not valid YAML: ${(err as Error).message}` };
  }
}
