import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { secretConfigPaths } from '../../src/schema/index.ts';
import { allNodes, type ConfigLeaf, deployment, listLeaves, schema, valueAt } from './helpers.ts';

const docPath = new URL('../../../../docs/configuration.md', import.meta.url);

interface DocRow {
  path: string;
  defaultCell: string;
  secret: string;
}

/** The rows of the field tables: `| \`path\` | type | default | bounds | meaning | secret |`. */
function documentedRows(markdown: string): DocRow[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim());
      expect(cells, line).toHaveLength(6);
      return {
        path: (cells[0] ?? '').replaceAll('`', ''),
        defaultCell: cells[2] ?? '',
        secret: cells[5] ?? '',
      };
    });
}

/** What the default column should say for a field. */
function expectedDefault(leaf: ConfigLeaf): string {
  if (leaf.path === 'dataCentre') return '`regions[0]`';
  if (!leaf.inList) return `\`${JSON.stringify(valueAt(schema.parse({}), leaf.keys))}\``;
  const result = z.safeParse(leaf.schema, undefined);
  if (!result.success) return '`required`';
  return result.data === undefined ? '`unset`' : `\`${JSON.stringify(result.data)}\``;
}

const rows = documentedRows(readFileSync(docPath, 'utf8'));
const leaves = listLeaves(schema);

describe('docs/configuration.md', () => {
  it('documents every field of the schema, and only those', () => {
    const documented = rows.map((row) => row.path);
    expect(new Set(documented).size, 'a field is documented twice').toBe(documented.length);
    const undocumented = leaves.map((leaf) => leaf.path).filter((path) => !documented.includes(path));
    const unknown = documented.filter((path) => !leaves.some((leaf) => leaf.path === path));
    expect({ undocumented, unknown }).toEqual({ undocumented: [], unknown: [] });
  });

  it.each(leaves.map((leaf) => [leaf.path, leaf] as const))('gives the real default of %s', (path, leaf) => {
    const row = rows.find((candidate) => candidate.path === path);
    expect(row?.defaultCell).toBe(expectedDefault(leaf));
  });

  it('marks exactly the secret fields as secret', () => {
    expect(rows.filter((row) => row.secret === 'yes').map((row) => row.path)).toEqual([...secretConfigPaths]);
    expect(rows.every((row) => row.secret === 'yes' || row.secret === 'no')).toBe(true);
  });

  it('resolves regions[0] to the deployment default', () => {
    expect(schema.parse({}).dataCentre).toBe(deployment.regions[0]);
  });
});

describe('schema structure the merge rules rely on', () => {
  it('has no record or map fields (mergeConfigPatch would merge them key by key instead of replacing them)', () => {
    const kinds = allNodes(schema).filter((node) => node instanceof z.ZodRecord || node instanceof z.ZodMap);
    expect(kinds).toEqual([]);
  });
});
