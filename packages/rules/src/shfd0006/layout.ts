/**
 * The declarative column table of a record and the one engine that reads and writes rows with it.
 *
 * Why: the brief of the codec is "one table per form, used by both the parser and the generator" —
 * a column order written twice drifts. Each table entry names the item(s) (Japanese, as in the
 * spec), the codec (format/width), whether the item is required, and the JSON pointer it maps to.
 * Guarantees: a table is checked when it is built (names match codec widths, the item count is the
 * form's); `encodeRow` then `decodeRow` is the identity on every value the codecs can write;
 * `decodeRow` never throws and reports each bad cell with its 1-based column.
 */
import { Shfd0006Codes } from './codes';
import { CellError, type Codec } from './columns';

/** How the spec treats an item: always required, optional, required or omitted depending on others, or fixed. */
export type Requirement = 'required' | 'optional' | 'conditional' | 'fixed';

export interface FieldSpec {
  /** JSON pointer into the body, or null for a fixed / must-be-empty column with no JSON field. */
  readonly path: string | null;
  /** Japanese item names, one per column. */
  readonly names: readonly string[];
  readonly codec: Codec<unknown>;
  readonly req: Requirement;
}

/** One column of the table, for documentation and error reports. */
export interface ColumnInfo {
  /** 1-based item number (項番). */
  readonly no: number;
  readonly name: string;
  readonly format: string;
  readonly req: Requirement;
  readonly path: string | null;
}

export interface Layout {
  /** 様式コード or a record name ('management', 'establishment' …). */
  readonly id: string;
  readonly title: string;
  readonly itemCount: number;
  readonly fields: readonly FieldSpec[];
  readonly columns: readonly ColumnInfo[];
}

export type RowCellError = {
  readonly column: number;
  readonly path: string;
  readonly code: string;
  readonly ja: string;
  readonly en: string;
};

/** A table entry. `path` null for fixed columns. */
export const f = (
  path: string | null,
  codec: Codec<unknown>,
  names: string | readonly string[],
  req: Requirement,
): FieldSpec => ({
  path,
  codec,
  names: typeof names === 'string' ? [names] : names,
  req,
});

type Seg = string | number;
const segmentsOf = (pointer: string): Seg[] =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));

interface CompiledField {
  readonly spec: FieldSpec;
  readonly start: number;
  readonly segs: readonly Seg[];
  readonly set: (root: Record<string, unknown>, value: unknown) => void;
  readonly decode: Codec<unknown>['decode'];
  readonly hasIndex: boolean;
}

interface CompiledLayout extends Layout {
  readonly compiled: readonly CompiledField[];
  /** Pointer → 1-based column of the item's first column. */
  readonly columnOf: Map<string, number>;
  /** Array pointers (`/otherDependants`) → index → first column of that entry. */
  readonly arrays: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly groups: ReadonlySet<string>;
}

const compiledLayouts = new WeakMap<Layout, CompiledLayout>();

/** Builds (and checks) a table. Throws at module load on an inconsistent table — a programming error. */
export const defineLayout = (
  id: string,
  title: string,
  itemCount: number,
  fields: readonly FieldSpec[],
  opts: {
    /** Arrays whose entries are filled from the first (その他の被扶養者１, ２). */ groups?: readonly string[];
  } = {},
): Layout => {
  const columns: ColumnInfo[] = [];
  const compiled: CompiledField[] = [];
  const columnOf = new Map<string, number>();
  const arrays = new Map<string, Map<number, number>>();
  let at = 0;
  for (const spec of fields) {
    if (spec.names.length !== spec.codec.width) {
      throw new Error(
        `layout ${id}: ${spec.names.join('/')} has ${spec.names.length} names for ${spec.codec.width} columns`,
      );
    }
    if (spec.path === null && spec.codec.fixed !== true) {
      throw new Error(`layout ${id}: ${spec.names.join('/')}: only fixed columns may have no path`);
    }
    spec.names.forEach((name, i) =>
      columns.push({ no: at + i + 1, name, format: spec.codec.format, req: spec.req, path: spec.path }),
    );
    if (spec.path !== null) {
      if (columnOf.has(spec.path)) throw new Error(`layout ${id}: ${spec.path} mapped twice`);
      columnOf.set(spec.path, at + 1);
    }
    const segs = spec.path === null ? [] : segmentsOf(spec.path);
    const idx = segs.findIndex((seg) => typeof seg === 'number');
    if (idx > 0) {
      const base = `/${segs.slice(0, idx).join('/')}`;
      const entries = arrays.get(base) ?? new Map<number, number>();
      const k = segs[idx] as number;
      entries.set(k, Math.min(entries.get(k) ?? Infinity, at + 1));
      arrays.set(base, entries);
    }
    compiled.push({
      spec,
      start: at,
      segs,
      set: setterFor(segs),
      decode: spec.codec.decode.bind(spec.codec),
      hasIndex: idx > 0,
    });
    at += spec.codec.width;
  }
  if (at !== itemCount) throw new Error(`layout ${id}: ${at} columns, the form has ${itemCount}`);
  const layout: CompiledLayout = {
    id,
    title,
    itemCount,
    fields,
    columns,
    compiled,
    columnOf,
    arrays,
    groups: new Set(opts.groups ?? []),
  };
  compiledLayouts.set(layout, layout);
  return layout;
};

const compiledOf = (layout: Layout): CompiledLayout => {
  const c = compiledLayouts.get(layout);
  if (c === undefined) throw new Error(`layout ${layout.id} was not built with defineLayout`);
  return c;
};

/**
 * The 1-based column for a JSON pointer: the item's own column, else the first column of an item
 * inside it (`/spouse` → the spouse's first column), else the column of the nearest enclosing item.
 */
export const columnForPath = (layout: Layout, pointer: string): number | undefined => {
  const c = compiledOf(layout);
  const exact = c.columnOf.get(pointer);
  if (exact !== undefined) return exact;
  let best: number | undefined;
  for (const [p, col] of c.columnOf) {
    if (p.startsWith(`${pointer}/`) && (best === undefined || col < best)) best = col;
  }
  if (best !== undefined) {
    c.columnOf.set(pointer, best);
    return best;
  }
  for (let q = pointer; q.includes('/');) {
    q = q.slice(0, q.lastIndexOf('/'));
    const col = c.columnOf.get(q);
    if (col !== undefined) return col;
  }
  return undefined;
};

const setAt = (root: Record<string, unknown>, segs: readonly Seg[], value: unknown): void => {
  let node: Record<string | number, unknown> = root;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as Seg;
    let next = node[seg];
    if (next === undefined) {
      next = typeof segs[i + 1] === 'number' ? [] : {};
      node[seg] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  node[segs[segs.length - 1] as Seg] = value;
};

/** A setter specialised for the path's depth (the common one- and two-segment paths need no loop). */
const setterFor = (segs: readonly Seg[]): ((root: Record<string, unknown>, value: unknown) => void) => {
  const [a, b] = segs;
  if (segs.length === 1 && typeof a === 'string') {
    return (root, value) => {
      root[a] = value;
    };
  }
  if (segs.length === 2 && typeof a === 'string' && typeof b === 'string') {
    return (root, value) => {
      let node = root[a] as Record<string, unknown> | undefined;
      if (node === undefined) {
        node = {};
        root[a] = node;
      }
      node[b] = value;
    };
  }
  const [, , c] = segs;
  if (segs.length === 3 && typeof a === 'string' && typeof b === 'number' && typeof c === 'string') {
    return (root, value) => {
      let list = root[a] as Record<string, unknown>[] | undefined;
      if (list === undefined) {
        list = [];
        root[a] = list;
      }
      let node = list[b];
      if (node === undefined) {
        node = {};
        list[b] = node;
      }
      node[c] = value;
    };
  }
  return (root, value) => setAt(root, segs, value);
};

const getAt = (root: unknown, segs: readonly Seg[]): unknown => {
  let v = root;
  for (const seg of segs) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
};

/**
 * Holes in decoded arrays. In a group list (その他の被扶養者１, ２) a later entry given without an
 * earlier one is reported (GROUP_ORDER, on the first column of the later entry) and the list
 * compacted; in a fixed list (the three pay months) an empty entry becomes `{}` so that the schema
 * reports its missing items. Either way the value is a plain JSON array.
 */
const checkArrays = (c: CompiledLayout, value: Record<string, unknown>, errors: RowCellError[]): void => {
  for (const [base, firstColumns] of c.arrays) {
    const arr = getAt(value, segmentsOf(base));
    if (!Array.isArray(arr)) continue;
    if (!c.groups.has(base)) {
      const size = Math.max(arr.length, ...[...firstColumns.keys()].map((k) => k + 1));
      for (let k = 0; k < size; k++) if (!(k in arr)) arr[k] = {};
      continue;
    }
    let firstHole = -1;
    for (let k = 0; k < arr.length; k++) {
      if (!(k in arr)) {
        if (firstHole < 0) firstHole = k;
        continue;
      }
      if (firstHole >= 0) {
        errors.push({
          column: firstColumns.get(k) ?? 1,
          path: `${base}/${k}`,
          code: Shfd0006Codes.GROUP_ORDER,
          ja: `${firstHole + 1}番目が空のまま${k + 1}番目に入力されています（前から詰めて設定すること）`,
          en: `entry ${k + 1} is given while entry ${firstHole + 1} is empty (fill from the first)`,
        });
        break;
      }
    }
    if (firstHole >= 0)
      setAt(
        value,
        segmentsOf(base),
        arr.filter(() => true),
      );
  }
};

/**
 * Cells → JSON value. Cell errors carry the 1-based column and the item's pointer; the value holds
 * every item that decoded.
 */
export const decodeRow = (
  layout: Layout,
  cells: readonly string[],
): { value: Record<string, unknown>; errors: RowCellError[] } => {
  const c = compiledOf(layout);
  const value: Record<string, unknown> = {};
  const errors: RowCellError[] = [];
  let hasArrays = false;
  for (const field of c.compiled) {
    const d = field.decode(cells, field.start);
    if (d === undefined) continue;
    if (d instanceof CellError) {
      const name = field.spec.names[d.offset] ?? field.spec.names[0] ?? '';
      errors.push({
        column: field.start + d.offset + 1,
        path: field.spec.path ?? '',
        code: d.code,
        ja: `「${name}」: ${d.ja}`,
        en: `${name}: ${d.en}`,
      });
      continue;
    }
    if (field.spec.path === null) continue;
    if (field.hasIndex) hasArrays = true;
    field.set(value, d);
  }
  if (hasArrays) checkArrays(c, value, errors);
  return { value, errors };
};

/** JSON value → cells (exactly `itemCount`). Throws RangeError when a value cannot be written. */
export const encodeRow = (layout: Layout, value: unknown): string[] => {
  const c = compiledOf(layout);
  const cells: string[] = [];
  for (const field of c.compiled) {
    const v = field.spec.path === null ? undefined : getAt(value, field.segs);
    try {
      cells.push(...field.spec.codec.encode(v));
    } catch (e) {
      throw new RangeError(
        `${field.spec.path ?? field.spec.names[0] ?? ''}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  return cells;
};
