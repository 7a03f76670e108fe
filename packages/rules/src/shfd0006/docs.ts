/**
 * The column tables of docs/shfd0006.md, generated from the very tables the codec runs on (a unit
 * test keeps the document in step with the code).
 */
import type { Layout, Requirement } from './layout';

const REQ: Record<Requirement, string> = {
  required: '必須',
  optional: '任意',
  conditional: '条件付',
  fixed: '固定',
};

/** A Markdown table of a record: 項番, 項目名, 形式, 必須, JSON. */
export const layoutMarkdown = (layout: Layout): string => {
  const rows = layout.columns.map(
    (c) =>
      `| ${c.no} | ${c.name} | ${c.format.replace(/\|/g, '\\|')} | ${REQ[c.req]} | ${c.path === null ? '—' : `\`${c.path}\``} |`,
  );
  return [`| 項番 | 項目名 | 形式 | 必須 | JSON |`, `|---:|---|---|---|---|`, ...rows].join('\n');
};
