/** Bounds the work of parsing Chart.yaml, in one pass over its characters before `yaml` parses it. */
import { yamlBoundsProblem } from '../core/yaml-bounds';
import { ChartInvalid } from './chart-error';

/** Content lines, flow items and `- ` items allowed in Chart.yaml. */
export const MAX_CHART_YAML_NODES = 5_000;
/** Indentation levels plus open flow collections allowed in Chart.yaml. */
export const MAX_CHART_YAML_DEPTH = 64;
/** Aliases (`*name`) allowed in Chart.yaml; each one makes the library walk the document. */
export const MAX_CHART_YAML_ALIASES = 50;

const tooMuch = (what: string) =>
  new ChartInvalid(
    `Chart.yaml has ${what}; a real Chart.yaml has a few dozen keys, and this limit keeps parsing cheap`,
  );

/**
 * Throws ChartInvalid when Chart.yaml could have more than MAX_CHART_YAML_NODES nodes, nest
 * deeper than MAX_CHART_YAML_DEPTH, or hold more than MAX_CHART_YAML_ALIASES aliases (the scan:
 * core/yaml-bounds.ts). Real Chart.yaml files have a few dozen keys (dependencies, maintainers,
 * annotations) and nest four or five levels: the limits are two orders of magnitude above that.
 */
export function checkChartYamlBounds(source: string): void {
  const problem = yamlBoundsProblem(source, {
    nodes: MAX_CHART_YAML_NODES,
    depth: MAX_CHART_YAML_DEPTH,
    aliases: MAX_CHART_YAML_ALIASES,
  });
  if (problem) throw tooMuch(problem);
}
