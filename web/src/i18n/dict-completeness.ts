// Words of a framework's completeness, versions in force and amendments, spread into dict.ts.

export const completenessVi = {
  fcTitle: 'Mức đầy đủ của bộ tiêu chí',
  fcSourced: 'có ngưỡng đã đối chiếu nguồn',
  fcUnverified: 'đã chép nhưng chưa đối chiếu văn bản',
  fcMissing: 'chưa có ngưỡng',
  fcUnverifiedExplain:
    '{n} chỉ tiêu có ngưỡng được chép từ bản tóm tắt, văn bản hướng dẫn hoặc báo chí (nguồn ghi ở từng chỉ tiêu), chưa đối chiếu với phụ lục chính thức của quyết định. Các chỉ tiêu này vẫn được dùng để đánh giá; khi có văn bản chính thức, cần đối chiếu và ban hành phiên bản mới nếu có sai khác.',
  fcMissingExplain:
    '{n} chỉ tiêu chưa có ngưỡng: đơn vị được ghi "chưa có ngưỡng" ở các chỉ tiêu này, hệ thống không tự đặt ngưỡng.',
  fcAllSourced: 'Mọi chỉ tiêu đều có ngưỡng đã đối chiếu nguồn.',
  fcList: 'Danh sách: {label} ({n})',
  fcNoSource: 'chưa ghi nguồn',
  fcCriterionOnly: 'tiêu chí chưa có chỉ tiêu nào',
  fcCondition: 'điều kiện',
  fcHowTo: 'Cách bổ sung (quản trị hệ thống)',
  fcHowTemplate: 'Tải mẫu Excel của bộ tiêu chí, điền ngưỡng còn thiếu rồi tải lên làm bản nháp.',
  fcHowAnnex: 'Nhập phụ lục từ tệp Word',
  fcHowAnnexText: 'đọc bảng phụ lục của quyết định (.docx) thành bản nháp.',
  fcHowReview:
    'Xem bản nháp (so sánh với phiên bản đang áp dụng) rồi ban hành; phiên bản đã ban hành không sửa được.',
  fcDraftPending: 'Đang có bản nháp phiên bản {version}: xem và ban hành',
  fcNote: 'Ghi chú',
  fcInForce: 'Áp dụng cho các kỳ kết thúc từ',
  fcVersionOption: 'Phiên bản {version} (áp dụng từ {date})',
  fcVersionDraft: 'Phiên bản {version} (bản nháp)',
  fcAmendment: 'Phiên bản {to} sửa đổi phiên bản {from}, áp dụng cho các kỳ kết thúc từ {date}',
  fcAmendmentBy: 'Theo',
  fcAmendmentNoDecision: 'Phiên bản sau không ghi thêm văn bản căn cứ nào.',
  fcJudgedBy: 'Đánh giá theo phiên bản {version} (áp dụng từ {date})',
  fcLegalBasis: 'căn cứ',
};

export const completenessEn: Record<keyof typeof completenessVi, string> = {
  fcTitle: 'How complete this criteria set is',
  fcSourced: 'threshold checked against a source',
  fcUnverified: 'transcribed, not checked against the legal text',
  fcMissing: 'no threshold yet',
  fcUnverifiedExplain:
    '{n} indicators have thresholds transcribed from summaries, guidance or the press (source shown on each), not yet checked against the official annex. They are used in evaluations; when the official text is in hand, check them and publish a new version if anything differs.',
  fcMissingExplain:
    '{n} indicators have no threshold: units show "threshold not set" for them; the system never guesses one.',
  fcAllSourced: 'Every indicator has a threshold checked against a source.',
  fcList: 'List: {label} ({n})',
  fcNoSource: 'no source recorded',
  fcCriterionOnly: 'criterion without any indicator',
  fcCondition: 'condition',
  fcHowTo: 'How to complete it (system administrators)',
  fcHowTemplate: 'Download the Excel template, fill in the missing thresholds and upload it as a draft.',
  fcHowAnnex: 'Import an annex from a Word file',
  fcHowAnnexText: "reads the decision's annex table (.docx) into a draft.",
  fcHowReview:
    'Review the draft (compared with the version in force), then publish it; published versions cannot be edited.',
  fcDraftPending: 'Draft version {version} is waiting: review and publish',
  fcNote: 'Note',
  fcInForce: 'Applies to periods ending from',
  fcVersionOption: 'Version {version} (applies from {date})',
  fcVersionDraft: 'Version {version} (draft)',
  fcAmendment: 'Version {to} amends version {from}, for periods ending from {date}',
  fcAmendmentBy: 'By',
  fcAmendmentNoDecision: 'The later version cites no further legal text.',
  fcJudgedBy: 'Judged under version {version} (applies from {date})',
  fcLegalBasis: 'legal basis',
};
