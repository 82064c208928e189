/** YAML from chart authors (values.yaml, Artifact Hub annotations) parsed with bounded work. */
import { parseDocument } from 'yaml';
import { yamlBoundsProblem, type YamlLimits } from '../core/yaml-bounds';

/**
 * values.yaml of real charts runs to a few thousand lines (Bitnami's biggest: ~5,000) and nests
 * under ten levels; these bounds are an order of magnitude above, and keep the parse of a 1 MiB
 * body (BODY_CAPS.values) to milliseconds whatever it holds.
 */
export const VALUES_LIMITS: YamlLimits = { nodes: 100_000, depth: 64, aliases: 100 };
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
