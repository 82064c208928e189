/**
 * Artifact Hub's chart annotations read for a page (artifacthub.io/docs/topics/annotations/helm/):
 * each a YAML text inside Chart.yaml, from the chart's author. Bounded, and a malformed one is
 * simply absent (`[]`, null, false): a page never fails on it.
 */
import type { ChangeEntry, ChartLink } from './types';
import { ANNOTATION_LIMITS, parseBoundedYaml } from './bounded-yaml';

/** Entries kept of a list annotation. */
export const MAX_ANNOTATION_ENTRIES = 200;
/** Characters kept of a string in an annotation. */
export const MAX_ANNOTATION_STRING = 1024;

const PREFIX = 'artifacthub.io/';

/** A string value, capped; null for anything else. */
function text(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') return null;
  return value.length > MAX_ANNOTATION_STRING ? value.slice(0, MAX_ANNOTATION_STRING) : value;
}

/** A YAML mapping's field (parseBoundedYaml returns Maps). */
function field(map: unknown, key: string): unknown {
  return map instanceof Map ? map.get(key) : undefined;
}

/** The annotation's YAML as a list (first MAX_ANNOTATION_ENTRIES entries), [] when it is none. */
function list(annotations: ReadonlyMap<string, string>, key: string): unknown[] {
  const source = annotations.get(PREFIX + key);
  if (source === undefined) return [];
  const parsed = parseBoundedYaml(source, ANNOTATION_LIMITS);
  if (!parsed.ok || !Array.isArray(parsed.value)) return [];
  return parsed.value.slice(0, MAX_ANNOTATION_ENTRIES);
}

function link(entry: unknown): ChartLink | null {
  const name = text(field(entry, 'name'));
  const url = text(field(entry, 'url'));
  return name !== null && url !== null ? { name, url } : null;
}

const present = <T>(value: T | null): value is T => value !== null;

/** `artifacthub.io/changes`: strings, or `{kind, description, links}` entries. */
export function changesOf(annotations: ReadonlyMap<string, string>): ChangeEntry[] {
  return list(annotations, 'changes')
    .map((entry): ChangeEntry | null => {
      const plain = text(entry);
      if (plain !== null) return { kind: null, description: plain, links: [] };
      const description = text(field(entry, 'description'));
      if (description === null) return null;
      const links = field(entry, 'links');
      return {
        kind: text(field(entry, 'kind')),
        description,
        links: Array.isArray(links)
          ? links.slice(0, MAX_ANNOTATION_ENTRIES).map(link).filter(present)
          : [],
      };
    })
    .filter(present);
}

/** `artifacthub.io/links`: `{name, url}` entries. */
export function linksOf(annotations: ReadonlyMap<string, string>): ChartLink[] {
  return list(annotations, 'links').map(link).filter(present);
}

/** `artifacthub.io/images`: `{name, image, whitelisted}` entries. */
export function imagesOf(
  annotations: ReadonlyMap<string, string>,
): { name: string; image: string; whitelisted: boolean }[] {
  return list(annotations, 'images')
    .map((entry) => {
      const name = text(field(entry, 'name'));
      const image = text(field(entry, 'image'));
      if (name === null || image === null) return null;
      const whitelisted = field(entry, 'whitelisted');
      return { name, image, whitelisted: whitelisted === true || whitelisted === 'true' };
    })
    .filter(present);
}

/** `artifacthub.io/license`: an SPDX identifier, as written. */
export function licenseOf(annotations: ReadonlyMap<string, string>): string | null {
  const value = annotations.get(`${PREFIX}license`)?.trim();
  return value ? text(value) : null;
}

/** A boolean annotation (`prerelease`, `containsSecurityUpdates`): the string "true". */
export function flagOf(annotations: ReadonlyMap<string, string>, key: string): boolean {
  return annotations.get(PREFIX + key)?.trim() === 'true';
}
