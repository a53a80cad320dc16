// The journeys' shared text checker (e2e/support/untranslated.ts, used by page-checks.ts): what it flags and what it lets through.
import { describe, expect, it } from 'vitest';
import { findUntranslated } from '../e2e/support/untranslated.ts';

describe('findUntranslated', () => {
  it.each([
    ['Trạng thái: Draft', 'Draft'],
    ['Nguồn: from memory (verified: false)', 'from memory'],
    ['Vai trò: commune_officer', 'commune_officer'],
    ['Sự kiện login.succeeded lúc 08:00', 'login.succeeded'],
    ['Kỳ 2026-12', '2026-12'],
    ['Kỳ 2026Q1', '2026Q1'],
    ['Giá trị: undefined', 'undefined'],
    ['Mã số liệu commune_road_paved_pct', 'commune_road_paved_pct'],
  ])('flags %j', (text, word) => {
    const problems = findUntranslated(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(word);
  });

  it('lets Vietnamese text, dates, periods in words, codes and file names through', () => {
    const text = [
      'Việc của tôi — Xã Phù Đổng (00541), Tháng 12/2026, Quý 1/2026, Năm 2025',
      'hạn 10/02/2026, quá 299 ngày; 1.234,5 triệu đồng; chỉ tiêu 2.1 và 17.10',
      'Tải tệp mau-nhap-so-lieu.xlsx; tài khoản demo.xa; Lỗi không xác định',
      'Đính kèm ảnh-hiện-trường-đường.png, biên-bản.jpg',
    ].join('\n');
    expect(findUntranslated(text)).toEqual([]);
  });

  it('lets a dotted username through only where the page marks it as shown as typed (data-raw)', () => {
    const text = 'Đã tạo tài khoản can.bo.xa.cao\nSự kiện login.succeeded';
    const flagged = (problems: string[]) => problems.map((p) => /"([^"]+)"/.exec(p)?.[1]);
    expect(flagged(findUntranslated(text))).toEqual(['can.bo', 'xa.cao', 'login.succeeded']);
    // Only the marked text passes: the event key next to it is still flagged.
    expect(flagged(findUntranslated(text, ['can.bo.xa.cao']))).toEqual(['login.succeeded']);
  });
});
