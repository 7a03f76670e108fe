/**
 * Test fixtures: one valid body per form (every cross-field rule satisfied on TODAY), a file header,
 * fast-check arbitraries of rule-valid filings for the six employer forms, and an arbitrary of
 * schema-shaped bodies derived from a form's TypeBox schema (for codec identity tests).
 */
import fc from 'fast-check';
import { Kind, type TSchema } from '@sinclair/typebox';
import {
  CHECK_KEY,
  kanaName,
  kanjiName,
  text,
  addressKanji,
  addressKana,
  type CheckAnnotation,
  type Shfd0006Header,
  type SanteiBody,
  type GeppenBody,
  type ShoyoBody,
  type ShikakuShutokuBody,
  type ShikakuSoshitsuBody,
  type HifuyoshaBody,
  type HifuyoshaOtherDependant,
  type KokunenMenjoBody,
  type KokunenGakuseiBody,
  type KokunenKozaBody,
  type KokunenFukaBody,
  type KokunenShutokuBody,
  type EmployerFilingBody,
} from '@nenkin/contracts/forms';
import { FIXTURE_FILE_HEADER, FIXTURE_OFFICE, fixtureSantei, fixtureShutoku } from '@nenkin/testing/filings';
import { myNumberCheckDigit } from '../../src/identifiers';
import { addDays, addYears, ERAS, MEIJI_BIRTH_START, lastOfMonth, addYearMonths } from '../../src/dates';
import { santeiTotals, bonusTotal } from '../../src/forms';

export const TODAY = '2025-07-10';
export const OFFICE = FIXTURE_OFFICE;
export const HEADER: Shfd0006Header = FIXTURE_FILE_HEADER;

export const SHAROUSHI_HEADER: Shfd0006Header = {
  management: {
    kind: 'sharoushi',
    sharoushiCode: '13010001',
    sharoushiName: '社労士　太郎',
    mediaSerial: 999,
    createdOn: '2025-07-01',
  },
  establishment: HEADER.establishment,
};

/** A valid 個人番号 from 11 digits. */
export const myNumberFrom = (first11: string): string => `${first11}${myNumberCheckDigit(first11)}`;
export const MY_NUMBER = myNumberFrom('12345678901'); // 123456789018

export const validSantei = (): SanteiBody => fixtureSantei();

export const validGeppen = (): GeppenBody => ({
  formCode: '2221700',
  office: { ...OFFICE },
  insuredNumber: '124',
  nameKana: 'ﾔﾏﾀﾞ ﾊﾅｺ',
  nameKanji: '山田　花子',
  birthDate: '1975-12-31',
  revisionMonth: '2025-07',
  previousStandardHealth: 240_000,
  previousStandardPension: 240_000,
  previousRevisionMonth: '2024-09',
  payChangeMonth: 4,
  payChangeKind: '1',
  months: [
    { month: 4, days: 30, cash: 300_000, inKind: 0, total: 300_000 },
    { month: 5, days: 31, cash: 300_000, inKind: 0, total: 300_000 },
    { month: 6, days: 30, cash: 300_001, inKind: 0, total: 300_001 },
  ],
  totalSum: 900_001,
  average: 300_000,
});

export const validShoyo = (): ShoyoBody => ({
  formCode: '2265700',
  office: { ...OFFICE },
  insuredNumber: '125',
  nameKana: 'ｻﾄｳ ｼﾞﾛｳ',
  birthDate: '1970-01-15',
  paymentDate: '2025-06-30',
  cash: 500_500,
  inKind: 0,
  total: 500_000,
});

export const validShutoku = (): ShikakuShutokuBody => ({
  ...fixtureShutoku(),
  postalCode: '100-0001',
  addressKana: 'ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ ﾁﾖﾀﾞ 1-1',
  addressKanji: '東京都千代田区千代田１－１',
});

export const validSoshitsu = (): ShikakuSoshitsuBody => ({
  formCode: '2201700',
  office: { ...OFFICE },
  officeNumber: '123',
  insuredNumber: '127',
  nameKana: 'ﾀｶﾊｼ ｻﾌﾞﾛｳ',
  birthDate: '1985-01-01',
  pensionNumber: '2345678901',
  lossDate: '2025-07-01',
  lossCause: '4',
  retirementOrDeathDate: '2025-06-30',
  certificatesAttached: 1,
});

export const validOtherDependant = (): HifuyoshaOtherDependant => ({
  nameKana: 'ﾆﾎﾝ ｲﾁﾛｳ',
  birthDate: '2025-05-01',
  sex: '1',
  relationship: '01',
  livingTogether: '1',
  postalCode: '100-0001',
  addressKanji: '東京都千代田区千代田１－１',
  becameDependantDate: '2025-05-01',
  occupation: '4',
  income: 0,
  becameReason: '1',
});

export const validHifuyosha = (): HifuyoshaBody => ({
  formCode: '2202700',
  office: { ...OFFICE },
  employerConfirmed: true,
  employerReceivedDate: '2025-07-01',
  insuredNumber: '128',
  insured: {
    nameKana: 'ﾆﾎﾝ ﾀﾛｳ',
    nameKanji: '日本　太郎',
    birthDate: '1985-01-01',
    sex: '1',
    pensionNumber: '1234567890',
    postalCode: '100-0001',
    addressKanji: '東京都千代田区千代田１－１',
  },
  changeType: '1',
  spouse: {
    nameKana: 'ﾆﾎﾝ ﾊﾅｺ',
    nameKanji: '日本　花子',
    birthDate: '1987-03-03',
    relationship: '2',
    pensionNumber: '2345678901',
    livingTogether: '1',
    postalCode: '100-0001',
    addressKanji: '東京都千代田区千代田１－１',
    phoneKind: '2',
    phone: '090-1234-5678',
    becameDependantDate: '2025-06-01',
    becameReason: '2',
    occupation: '1',
    income: 0,
  },
  otherDependants: [validOtherDependant()],
});

const APPLICANT = {
  pensionNumber: '1234567890',
  nameKana: 'ｺｸﾐﾝ ﾈﾝｷﾝ',
  nameKanji: '国民　年金',
  birthDate: '1990-01-01',
  postalCode: '100-0001',
  address: '東京都千代田区千代田１－１',
};

export const validMenjo = (): KokunenMenjoBody => ({
  formCode: 'KOKUNEN_MENJO',
  applicant: { ...APPLICANT },
  periodFrom: '2025-07',
  periodTo: '2026-06',
  exemptionKind: 'full',
  reason: 'income',
});

export const validGakusei = (): KokunenGakuseiBody => ({
  formCode: 'KOKUNEN_GAKUSEI',
  applicant: { ...APPLICANT, birthDate: '2004-06-01' },
  schoolName: '国民大学',
  schoolKind: 'university',
  periodFrom: '2025-04',
  periodTo: '2026-03',
  studentIdImage: { documentId: 'doc_123' },
});

export const validKoza = (): KokunenKozaBody => ({
  formCode: 'KOKUNEN_KOZA',
  applicant: { ...APPLICANT },
  action: 'apply',
  account: {
    kind: 'bank',
    bankCode: '0001',
    branchCode: '001',
    accountType: '1',
    accountNumber: '1234567',
    holderKana: 'ｺｸﾐﾝ ﾈﾝｷﾝ',
  },
  debitCycle: 'monthly',
  fromMonth: '2025-08',
});

export const validFuka = (): KokunenFukaBody => ({
  formCode: 'KOKUNEN_FUKA',
  applicant: { ...APPLICANT },
  action: 'apply',
  fromMonth: '2025-07',
});

export const validKokunenShutoku = (): KokunenShutokuBody => ({
  formCode: 'KOKUNEN_SHUTOKU',
  applicant: { ...APPLICANT, birthDate: '2005-07-06' },
  acquisitionDate: '2025-07-05',
  reason: 'age-20',
});

// ─── character pools (all JIS X 0208 / JIS X 0201) ─────────────────────────────────────────
const KANJI = [
  ...'日本太郎花子山田田中佐藤鈴木高橋伊藤渡辺東京都千代田区霞関一二三四五六七八九十丁目番地号株式会社健保',
];
const HALF_KANA = [...'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｰﾞﾟｧｨｩｪｫｬｭｮｯ'];
const TEXT_CHARS = [...KANJI, ...'ABCxyz019-()', '　', ...'ｱｲｳ'];

const word = (pool: readonly string[], max: number) =>
  fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: max }).map((a) => a.join(''));

/** 半角カナ words separated by one space, at most `maxBytes` bytes. */
export const arbKanaName = (maxBytes = 25): fc.Arbitrary<string> =>
  fc
    .array(word(HALF_KANA, 8), { minLength: 2, maxLength: 3 })
    .map((ws) => ws.join(' '))
    .filter((s) => s.length <= maxBytes);
/** 漢字 words separated by one 全角スペース, at most `maxBytes` CP932 bytes. */
export const arbKanjiName = (maxBytes = 25): fc.Arbitrary<string> =>
  fc
    .array(word(KANJI, 4), { minLength: 2, maxLength: 2 })
    .map((ws) => ws.join('\u3000'))
    .filter((s) => s.length * 2 <= maxBytes);
const arbText = (maxBytes: number, noSpace: boolean): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...TEXT_CHARS.filter((c) => !noSpace || c !== '　')), {
      minLength: 1,
      maxLength: 20,
    })
    .map((a) => a.join(''))
    .filter((s) => [...s].reduce((n, c) => n + (/[\x20-\x7e\uff61-\uff9f]/.test(c) ? 1 : 2), 0) <= maxBytes);
const arbAddressKana = (maxBytes: number): fc.Arbitrary<string> =>
  fc
    .array(word([...'ﾄｳｷｮｳﾁﾖﾀﾞｸ', ...'0123-'], 8), { minLength: 1, maxLength: 4 })
    .map((ws) => ws.join(' '))
    .filter((s) => s.length <= maxBytes);

const ERA_START: Record<number, string> = Object.fromEntries(ERAS.map((e) => [e.code, e.start]));
const LAST_DAY = '2117-12-31';

/** A date whose era is one of `eras` (birth: 明治 from 1868-01-25). */
export const arbDateInEras = (
  eras: readonly number[],
  birth = false,
  until = LAST_DAY,
): fc.Arbitrary<string> => {
  const min = Math.min(...eras);
  const from = birth && min === 1 ? MEIJI_BIRTH_START : (ERA_START[min] as string);
  const span = Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000);
  return fc.integer({ min: 0, max: span }).map((n) => addDays(from, n));
};

const arbYearMonthInEras = (eras: readonly number[]): fc.Arbitrary<string> =>
  arbDateInEras(eras, false, '2117-11-30')
    .map((d) => d.slice(0, 7))
    .filter((ym) => lastOfMonth(`${ym}-01`) <= LAST_DAY);

const PATTERNS = {
  kana: kanaName('x').pattern,
  kanji: kanjiName('x').pattern,
  text: text('x', 1).pattern,
  addressKanji: addressKanji('x').pattern,
  addressKana: addressKana('x').pattern,
};

const stringArb = (s: TSchema): fc.Arbitrary<string> => {
  const check = s[CHECK_KEY] as CheckAnnotation | undefined;
  const maxLength = typeof s.maxLength === 'number' ? s.maxLength : 20;
  if (check?.kind === 'date') return arbDateInEras(check.eras, check.birth === true);
  if (check?.kind === 'yearMonth') return arbYearMonthInEras(check.eras);
  if (check?.kind === 'myNumber') return fc.stringMatching(/^\d{11}$/).map(myNumberFrom);
  const maxBytes = check?.kind === 'text' ? check.maxBytes : maxLength;
  if (s.pattern === PATTERNS.kana) return arbKanaName(maxLength);
  if (s.pattern === PATTERNS.kanji) return arbKanjiName(maxBytes);
  if (s.pattern === PATTERNS.addressKanji)
    return arbText(maxBytes, true).filter((v) => !v.includes(' ') && !v.includes('\u3000'));
  if (s.pattern === PATTERNS.addressKana) return arbAddressKana(maxLength);
  if (check?.kind === 'text')
    return arbText(Math.min(maxBytes, maxLength * 2), false).filter((v) => v.length <= maxLength);
  if (typeof s.pattern === 'string') {
    const full = new RegExp(s.pattern);
    const body = s.pattern.replace(/^\^\(\?![^)]*\)/, '^').replace(/\(\?!0{4,6}\)/g, '');
    return fc
      .stringMatching(new RegExp(body))
      .filter((v) => full.test(v) && v.length <= maxLength && v.length >= (s.minLength ?? 0));
  }
  return fc.string({ minLength: s.minLength ?? 0, maxLength });
};

/** Bodies that satisfy the schema's shapes and formats (not its cross-field rules). */
export const arbFromSchema = (s: TSchema): fc.Arbitrary<unknown> => {
  switch (s[Kind]) {
    case 'Object': {
      const props = s.properties as Record<string, TSchema>;
      const required = new Set<string>((s.required as string[] | undefined) ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, p] of Object.entries(props)) model[k] = arbFromSchema(p);
      return fc.record(model, { requiredKeys: [...required] });
    }
    case 'Tuple':
      return fc.tuple(...((s.items ?? []) as TSchema[]).map(arbFromSchema));
    case 'Array':
      return fc.array(arbFromSchema(s.items as TSchema), {
        minLength: s.minItems ?? 0,
        maxLength: s.maxItems ?? 3,
      });
    case 'Union':
      return fc.oneof(...(s.anyOf as TSchema[]).map(arbFromSchema));
    case 'Literal':
      return fc.constant(s.const);
    case 'Boolean':
      return fc.boolean();
    case 'Integer': {
      const m = typeof s.multipleOf === 'number' ? s.multipleOf : 1;
      return fc
        .integer({ min: Math.ceil((s.minimum as number) / m), max: Math.floor((s.maximum as number) / m) })
        .map((n) => n * m);
    }
    case 'String':
      return stringArb(s);
    default:
      throw new Error(`arbFromSchema: unsupported ${String(s[Kind])}`);
  }
};

// ─── rule-valid employer filings ────────────────────────────────────────────────────────────

const arbInsuredNumber = fc.integer({ min: 1, max: 999_999 }).map(String);
const arbMoney = (max = 2_000_000) => fc.integer({ min: 0, max });
const arbBirth = arbDateInEras([5, 7], true, '2005-12-31').filter((d) => d >= '1950-01-01');
const arbEventDate = (from: string, to: string) => arbDateInEras([7, 9], false, to).filter((d) => d >= from);

export const arbValidSantei: fc.Arbitrary<SanteiBody> = fc
  .record({
    insuredNumber: fc.option(arbInsuredNumber, { nil: undefined }),
    nameKana: arbKanaName(),
    nameKanji: fc.option(arbKanjiName(), { nil: undefined }),
    birthDate: arbBirth,
    months: fc.tuple(
      ...[0, 1, 2].map(() =>
        fc.record({ days: fc.integer({ min: 0, max: 31 }), cash: arbMoney(), inKind: arbMoney(50_000) }),
      ),
    ),
    shortTimeWorker: fc.option(fc.constant(true as const), { nil: undefined }),
    partTimeWorker: fc.option(fc.constant(true as const), { nil: undefined }),
    previousStandardHealth: fc.option(
      fc.integer({ min: 58, max: 1390 }).map((n) => n * 1000),
      { nil: undefined },
    ),
    remarks: fc.option(arbText(75, false), { nil: undefined }),
  })
  .map((r) => {
    const months = r.months.map((m) => ({ ...m, total: m.cash + m.inKind })) as SanteiBody['months'];
    const body: SanteiBody = {
      formCode: '2225700',
      office: { ...OFFICE },
      nameKana: r.nameKana,
      birthDate: r.birthDate,
      applicableMonth: '2025-09',
      previousRevisionMonth: '2024-09',
      months,
      totalSum: 0,
      average: 0,
    };
    if (r.insuredNumber !== undefined) body.insuredNumber = r.insuredNumber;
    if (r.nameKanji !== undefined) body.nameKanji = r.nameKanji;
    if (r.shortTimeWorker) body.shortTimeWorker = true;
    if (r.partTimeWorker) body.partTimeWorker = true;
    if (r.previousStandardHealth !== undefined) body.previousStandardHealth = r.previousStandardHealth;
    if (r.remarks !== undefined) body.remarks = r.remarks;
    const t = santeiTotals(body);
    body.totalSum = t.sum;
    body.average = t.average;
    return body;
  });

export const arbValidGeppen: fc.Arbitrary<GeppenBody> = fc
  .record({
    nameKana: arbKanaName(),
    birthDate: arbBirth,
    start: fc.integer({ min: 1, max: 12 }),
    months: fc.tuple(
      ...[0, 1, 2].map(() =>
        fc.record({
          days: fc.integer({ min: 17, max: 31 }),
          cash: fc.integer({ min: 1000, max: 3_000_000 }),
          inKind: arbMoney(20_000),
        }),
      ),
    ),
    adjusted: fc.option(fc.integer({ min: 1000, max: 1_000_000 }), { nil: undefined }),
  })
  .map((r) => {
    const months = r.months.map((m, i) => ({
      month: ((r.start - 1 + i) % 12) + 1,
      ...m,
      total: m.cash + m.inKind,
    })) as GeppenBody['months'];
    const sum = months.reduce((s, m) => s + m.total, 0);
    const revision = ((r.start + 2) % 12) + 1;
    const body: GeppenBody = {
      formCode: '2221700',
      office: { ...OFFICE },
      nameKana: r.nameKana,
      birthDate: r.birthDate,
      revisionMonth: `2025-${String(revision).padStart(2, '0')}`,
      previousRevisionMonth: '2024-09',
      months,
      totalSum: Math.min(sum, 9_999_999),
      average: Math.floor(sum / 3),
    };
    if (r.adjusted !== undefined) body.adjustedAverage = r.adjusted;
    return body;
  });

export const arbValidShoyo: fc.Arbitrary<ShoyoBody> = fc
  .record({
    nameKana: arbKanaName(),
    birthDate: arbBirth,
    paymentDate: arbEventDate('2020-01-01', TODAY),
    cash: fc.integer({ min: 1000, max: 9_999_999 }),
    inKind: arbMoney(100_000),
    over70: fc.boolean(),
  })
  .map((r) => {
    const body: ShoyoBody = {
      formCode: '2265700',
      office: { ...OFFICE },
      nameKana: r.nameKana,
      birthDate: r.birthDate,
      paymentDate: r.paymentDate,
      cash: r.cash,
      inKind: r.inKind,
      total: bonusTotal(r.cash, r.inKind),
    };
    if (r.over70) {
      body.over70 = true;
      body.myNumber = MY_NUMBER;
    }
    return body;
  });

export const arbValidShutoku: fc.Arbitrary<ShikakuShutokuBody> = fc
  .record({
    nameKana: arbKanaName(),
    birthDate: arbBirth,
    acquisitionDate: arbEventDate('2020-01-01', TODAY),
    withMyNumber: fc.boolean(),
    cash: fc.integer({ min: 1000, max: 2_000_000 }),
    inKind: arbMoney(30_000),
    addressKana: arbAddressKana(75),
    hasDependants: fc.boolean(),
  })
  .map((r) => {
    const body: ShikakuShutokuBody = {
      formCode: '2200700',
      office: { ...OFFICE },
      officeNumber: '123',
      nameKana: r.nameKana,
      birthDate: r.birthDate,
      kind: '2',
      acquisitionKind: '1',
      acquisitionDate: r.acquisitionDate,
      hasDependants: r.hasDependants,
      remuneration: { cash: r.cash, inKind: r.inKind, total: r.cash + r.inKind },
    };
    if (r.withMyNumber) body.myNumber = MY_NUMBER;
    else {
      body.postalCode = '150-0001';
      body.addressKana = r.addressKana;
    }
    return body;
  });

export const arbValidSoshitsu: fc.Arbitrary<ShikakuSoshitsuBody> = fc
  .record({
    nameKana: arbKanaName(),
    birthDate: arbBirth,
    retired: arbEventDate('2020-01-01', addDays(TODAY, -1)),
    over70Ended: fc.boolean(),
  })
  .map((r) => {
    const body: ShikakuSoshitsuBody = {
      formCode: '2201700',
      office: { ...OFFICE },
      officeNumber: '123',
      nameKana: r.nameKana,
      birthDate: r.birthDate,
      myNumber: MY_NUMBER,
      lossDate: addDays(r.retired, 1),
      lossCause: '4',
      retirementOrDeathDate: r.retired,
    };
    if (r.over70Ended) {
      body.over70Ended = true;
      body.over70EndDate = r.retired;
    }
    return body;
  });

export const arbValidHifuyosha: fc.Arbitrary<HifuyoshaBody> = fc
  .record({
    withSpouse: fc.boolean(),
    others: fc.integer({ min: 0, max: 2 }),
    spouseName: arbKanaName(),
    childBirth: arbEventDate('2015-01-01', TODAY),
  })
  .filter((r) => r.withSpouse || r.others > 0)
  .map((r) => {
    const body = validHifuyosha();
    if (!r.withSpouse) delete body.spouse;
    else if (body.spouse) body.spouse.nameKana = r.spouseName;
    const other = { ...validOtherDependant(), birthDate: r.childBirth, becameDependantDate: r.childBirth };
    if (r.others === 0) delete body.otherDependants;
    else
      body.otherDependants =
        r.others === 1 ? [other] : [other, { ...other, nameKana: 'ﾆﾎﾝ ｼﾞﾛｳ', relationship: '02' }];
    return body;
  });

export const arbValidEmployerFiling: fc.Arbitrary<EmployerFilingBody> = fc.oneof(
  arbValidSantei,
  arbValidGeppen,
  arbValidShoyo,
  arbValidShutoku,
  arbValidSoshitsu,
  arbValidHifuyosha,
);

/** Splits bytes into random chunks (to exercise record / multi-byte boundaries). */
export const arbChunking = (bytes: Buffer): fc.Arbitrary<Buffer[]> =>
  fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }).map((cuts) => {
    const points = [...new Set([0, ...cuts, bytes.length])].sort((a, b) => a - b);
    return points.slice(1).map((p, i) => bytes.subarray(points[i] as number, p));
  });

export { addYears, addYearMonths };
