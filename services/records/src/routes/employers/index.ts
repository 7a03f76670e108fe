/**
 * `GET /v1/employers/{officeCode}/insured` — the 被保険者データ an employer downloads: the persons
 * insured at the office today with their grades, as JSON or (`?format=csv`) as a CP932 CSV in the
 * layout of docs/records.md. Every listed person gets an audit row (they see it in their access log).
 */
import { Type } from '@sinclair/typebox';
import { encode } from 'iconv-lite';
import { Roles } from '@nenkin/contracts/auth';
import { OfficeCode } from '@nenkin/contracts/primitives';
import { assertEmployer, requireRoles } from '@nenkin/platform/auth';
import type { HttpApp } from '@nenkin/platform/http';
import { toEraDate } from '@nenkin/rules/dates';
import type { RecordService } from '../../records/record-service';
import type { InsuredRow } from '../../records/record-repository';
import { actorOf } from '../../shared/actor';

const era = (iso: string): string => {
  const e = toEraDate(iso);
  return `${e.eraCode}${e.yymmdd}`;
};
const thousands = (n: number | null): string => (n === null ? '' : String(n / 1000).padStart(4, '0'));

/** One line per person; no quoting (the values cannot hold a comma: the form schemas forbid it). */
const csvLine = (r: InsuredRow): string =>
  [r.insured_number ?? '', r.name_kana, r.name_kanji ?? '', era(r.birth_date), r.sex ?? '', era(r.acquired_on), thousands(r.kenpo_standard), thousands(r.standard), r.pension_number]
    .map((v) => v.replace(/[,\r\n"]/g, ''))
    .join(',');

export const employerRoutes = (app: HttpApp, service: RecordService): void => {
  app.get(
    '/v1/employers/:officeCode/insured',
    {
      preHandler: requireRoles(Roles.EMPLOYER, Roles.SHAROUSHI, Roles.STAFF),
      schema: {
        tags: ['employer'],
        summary: '被保険者データ: the persons insured at the office, with grades',
        params: Type.Object({ officeCode: OfficeCode }),
        querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const officeCode = request.params.officeCode;
      assertEmployer(request.principal, officeCode);
      const list = await service.getInsured(officeCode, actorOf(request));
      if (request.query.format === 'csv') {
        const body = list.rows.map((r) => `${csvLine(r)}\r\n`).join('');
        return reply
          .header('content-type', 'text/csv; charset=Shift_JIS')
          .header('content-disposition', 'attachment; filename="hihokensha.csv"')
          .send(encode(body, 'cp932'));
      }
      return {
        officeCode: list.officeCode,
        asOf: list.asOf,
        insured: list.rows.map((r) => ({
          personId: r.person_id,
          ...(r.insured_number === null ? {} : { insuredNumber: r.insured_number }),
          nameKana: r.name_kana,
          ...(r.name_kanji === null ? {} : { nameKanji: r.name_kanji }),
          birthDate: r.birth_date,
          pensionNumber: r.pension_number,
          acquiredOn: r.acquired_on,
          ...(r.grade === null ? {} : { grade: r.grade, standard: r.standard, kenpoGrade: r.kenpo_grade, kenpoStandard: r.kenpo_standard, since: r.effective_from }),
        })),
      };
    },
  );
};
