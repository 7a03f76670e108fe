/**
 * 持ち主不明記録検索: records not yet linked to anyone's マイナンバー that may be the caller's — same
 * birth date, a kana name equal under `kanaNameKey` (width, small kana, ヴ, 長音 variants) or one edit
 * away (a typo), or equal when long vowels are spelled out (ユウキ / ユーキ). Ranked, masked (the caller
 * learns that a record exists and roughly whose, not the record), audited per candidate shown, and
 * rate limited per caller at the route.
 */
import type { Pool } from '@nenkin/platform/db';
import type { Clock } from '@nenkin/platform/clock';
import { kanaNameKey } from '@nenkin/rules/kana';
import { FUZZY_KANA_MAX_DISTANCE } from '../definitions';
import { editDistanceWithin } from '../shared/ids';
import { recordRepository } from './record-repository';
import type { Actor } from '../shared/actor';

/** A looser key: ウ after a kana of the オ/ウ columns and a long-vowel ー both dropped (ユウキ ~ ユーキ). */
const looseKey = (s: string): string => kanaNameKey(s.replace(/[ｳウう](?=.)/g, (m, i: number) => (i === 0 ? m : '')));

const maskName = (kana: string): string => kana.split(' ').map((w) => `${w.slice(0, 1)}${'＊'.repeat(Math.max(0, w.length - 1))}`).join(' ');

export const unclaimedService = (deps: { db: Pool; clock: Clock }) => ({
  async search(q: { nameKana: string; birthDate: string; sex?: '1' | '2' }, actor: Actor) {
    const key = kanaNameKey(q.nameKana);
    const loose = looseKey(q.nameKana);
    const rows = (
      await deps.db.query<{ person_id: string; name_kana: string; kana_key: string; sex: string | null; pension_number: string; first_office: string | null; first_acquired: string | null }>(
        `SELECT p.person_id, p.name_kana, p.kana_key, p.sex, p.pension_number,
                (SELECT office_code FROM enrolments e WHERE e.person_id = p.person_id ORDER BY acquired_on LIMIT 1) AS first_office,
                (SELECT min(acquired_on) FROM enrolments e WHERE e.person_id = p.person_id) AS first_acquired
           FROM persons p WHERE p.birth_date = $1 AND p.status = 'active' AND p.my_number_hash IS NULL`,
        [q.birthDate],
      )
    ).rows.filter((r) => r.person_id !== actor.person);
    const ranked = rows
      .map((r) => {
        const d = editDistanceWithin(r.kana_key, key, FUZZY_KANA_MAX_DISTANCE);
        let score = r.kana_key === key ? 100 : looseKey(r.name_kana) === loose ? 90 : d <= FUZZY_KANA_MAX_DISTANCE ? 70 : 0;
        if (score > 0 && q.sex !== undefined && r.sex !== null) score += r.sex === q.sex ? 10 : -50;
        return { r, score };
      })
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.r.person_id.localeCompare(b.r.person_id))
      .slice(0, 20);
    await recordRepository.audit(
      deps.db,
      deps.clock.now(),
      ranked.map(({ r }) => ({ actorSub: actor.sub, actorRoles: actor.roles, personId: r.person_id, action: 'unclaimed-record.search', purpose: 'unclaimed-record-search', requestId: actor.requestId })),
    );
    return ranked.map(({ r, score }) => ({
      score,
      nameKana: maskName(r.name_kana),
      pensionNumber: `******${r.pension_number.slice(6)}`,
      ...(r.first_acquired === null ? {} : { firstEnrolledYear: r.first_acquired.slice(0, 4) }),
      ...(r.first_office === null ? {} : { firstEmployerPrefecture: r.first_office.slice(0, 2) }),
    }));
  },
});
export type UnclaimedService = ReturnType<typeof unclaimedService>;
