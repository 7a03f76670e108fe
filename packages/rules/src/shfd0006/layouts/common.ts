/**
 * Table fragments shared by several forms: the 事業所整理記号 items (2–4 on every form) and the items
 * of the insured person that 算定・月変・賞与 share. A fragment is data, not code: each form's table
 * still lists its columns in order.
 */
import { f, type FieldSpec } from '../layout';
import { str, eraDate } from '../columns';

/** 事業所整理記号: 都道府県コード, 郡市区符号, 事業所記号. */
export const officeColumns = (base = '/office'): FieldSpec[] => [
  f(`${base}/prefecture`, str('N2'), '事業所整理記号（都道府県コード）', 'required'),
  f(`${base}/district`, str('N2'), '事業所整理記号（郡市区符号）', 'required'),
  f(`${base}/symbol`, str('X1-4 (英数 or 半角カナ)'), '事業所整理記号（事業所記号）', 'required'),
];

/** 被保険者整理番号, 氏名（カナ）, 氏名（漢字）, 生年月日 — items 5–9 of 算定・月変・賞与. */
export const insuredColumns = (): FieldSpec[] => [
  f('/insuredNumber', str('N1-6'), '被保険者整理番号', 'conditional'),
  f('/nameKana', str('K≤25'), '被保険者氏名（カナ）', 'required'),
  f('/nameKanji', str('J≤25B'), '被保険者氏名（漢字）', 'optional'),
  f('/birthDate', eraDate(true), ['生年月日（元号）', '生年月日（年月日）'], 'required'),
];
