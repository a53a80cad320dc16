/**
 * Checks of the procedure's own steps (QĐ 18/2022/QĐ-TTg, Điều 5; notes in
 * shared/data/criteria/procedure-ntm.md). Pure functions: the record in, one check per step out.
 */
import { type Text, text, viDate } from '../text.ts';

export interface ProcedureRecord {
  postings: Array<{ date: string; place: string }>;
  frontComments: { date: string; summary: string } | null;
  satisfaction: { rate: number; surveyed: number | null; households: number | null } | null;
  meeting: {
    date: string;
    attendees: number;
    votesFor: number;
    votesAgainst: number;
    votesAbstain: number;
  } | null;
  debt: { date: string; outstanding: number; note: string | null } | null;
}

export type ProcedureStep = 'postings' | 'front_comments' | 'satisfaction' | 'meeting' | 'debt';

export interface ProcedureCheck {
  step: ProcedureStep;
  ok: boolean;
  message: Text;
}

/** The report must be posted publicly at least this many times within POSTING_WINDOW_DAYS days. */
export const MIN_POSTINGS = 5;
export const POSTING_WINDOW_DAYS = 15;

const dayMs = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / dayMs;
const fromDay = (d: number) => new Date(d * dayMs).toISOString().slice(0, 10);
/** dd/mm/yyyy, as officials write dates. */
const viNumber = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/**
 * At least MIN_POSTINGS postings on distinct days within one window of POSTING_WINDOW_DAYS
 * consecutive days (both ends included). Several places on the same day count as one posting.
 */
export function checkPostings(postings: ProcedureRecord['postings']): ProcedureCheck {
  const days = [...new Set(postings.map((p) => toDay(p.date)))].sort((a, b) => a - b);
  if (days.length === 0)
    return {
      step: 'postings',
      ok: false,
      message: text(
        `Chưa ghi nhận lần niêm yết công khai nào; cần ít nhất ${MIN_POSTINGS} lần trong ${POSTING_WINDOW_DAYS} ngày`,
        `no public posting recorded`,
      ),
    };
  let best = { count: 0, from: days[0]! };
  for (let i = 0; i < days.length; i++) {
    let j = i;
    while (j + 1 < days.length && days[j + 1]! - days[i]! < POSTING_WINDOW_DAYS) j++;
    if (j - i + 1 > best.count) best = { count: j - i + 1, from: days[i]! };
  }
  const window = `${viDate(fromDay(best.from))} – ${viDate(fromDay(best.from + POSTING_WINDOW_DAYS - 1))}`;
  if (best.count >= MIN_POSTINGS)
    return {
      step: 'postings',
      ok: true,
      message: text(
        `Niêm yết ${best.count} lần trong ${POSTING_WINDOW_DAYS} ngày (${window})`,
        `posted ${best.count} times within ${POSTING_WINDOW_DAYS} days`,
      ),
    };
  return {
    step: 'postings',
    ok: false,
    message: text(
      `Chỉ niêm yết ${best.count} lần (ngày khác nhau) trong ${POSTING_WINDOW_DAYS} ngày (nhiều nhất là ${window}), cần ít nhất ${MIN_POSTINGS} lần`,
      `only ${best.count} postings on distinct days within ${POSTING_WINDOW_DAYS} days, ${MIN_POSTINGS} needed`,
    ),
  };
}

/** One check per step: present, consistent, and the conditions the sourced notes state. */
export function checkProcedure(r: ProcedureRecord): ProcedureCheck[] {
  const out: ProcedureCheck[] = [checkPostings(r.postings)];
  out.push(
    r.frontComments
      ? {
          step: 'front_comments',
          ok: true,
          message: text(
            `Có ý kiến bằng văn bản của Ủy ban MTTQ ngày ${viDate(r.frontComments.date)}`,
            `Fatherland Front comments recorded`,
          ),
        }
      : {
          step: 'front_comments',
          ok: false,
          message: text(
            'Chưa có ý kiến bằng văn bản của Ủy ban MTTQ và các tổ chức',
            'Fatherland Front comments missing',
          ),
        },
  );
  // The required satisfaction rate for communes is not in the sourced notes: recorded, not judged.
  out.push(
    r.satisfaction
      ? {
          step: 'satisfaction',
          ok: true,
          message: text(
            `Tỷ lệ hài lòng ${viNumber.format(r.satisfaction.rate)}%${r.satisfaction.surveyed !== null && r.satisfaction.households !== null ? ` (${viNumber.format(r.satisfaction.surveyed)}/${viNumber.format(r.satisfaction.households)} hộ được hỏi)` : ''}`,
            `satisfaction rate recorded`,
          ),
        }
      : {
          step: 'satisfaction',
          ok: false,
          message: text(
            'Chưa có kết quả lấy ý kiến sự hài lòng của người dân',
            'satisfaction result missing',
          ),
        },
  );
  out.push(meetingCheck(r.meeting));
  out.push(debtCheck(r.debt));
  return out;
}

function meetingCheck(m: ProcedureRecord['meeting']): ProcedureCheck {
  if (!m)
    return {
      step: 'meeting',
      ok: false,
      message: text('Chưa có biên bản cuộc họp đề nghị xét công nhận', 'commune meeting minutes missing'),
    };
  const cast = m.votesFor + m.votesAgainst + m.votesAbstain;
  if (cast > m.attendees)
    return {
      step: 'meeting',
      ok: false,
      message: text(
        `Số phiếu (${cast}) nhiều hơn số người dự họp (${m.attendees})`,
        `more votes than attendees`,
      ),
    };
  // The pass threshold of the vote is not in the sourced notes (it was > 90% before 2021): shown, not judged.
  const share = m.attendees > 0 ? (100 * m.votesFor) / m.attendees : 0;
  return {
    step: 'meeting',
    ok: true,
    message: text(
      `Họp ngày ${viDate(m.date)}: ${m.votesFor}/${m.attendees} người dự họp đồng ý (${viNumber.format(share)}%), ${m.votesAgainst} không đồng ý, ${m.votesAbstain} không biểu quyết`,
      `${m.votesFor} of ${m.attendees} in favour`,
    ),
  };
}

function debtCheck(d: ProcedureRecord['debt']): ProcedureCheck {
  if (!d)
    return {
      step: 'debt',
      ok: false,
      message: text('Chưa có báo cáo nợ đọng xây dựng cơ bản', 'capital-construction debt statement missing'),
    };
  if (d.outstanding > 0)
    return {
      step: 'debt',
      ok: false,
      message: text(
        `Còn nợ đọng xây dựng cơ bản ${viNumber.format(d.outstanding)} đồng: chưa đủ điều kiện công nhận`,
        `outstanding capital-construction debt`,
      ),
    };
  return {
    step: 'debt',
    ok: true,
    message: text(
      `Không còn nợ đọng xây dựng cơ bản (báo cáo ngày ${viDate(d.date)})`,
      `no outstanding debt`,
    ),
  };
}
