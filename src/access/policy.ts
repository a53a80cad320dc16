/** Who may do what: the actions each role grants, and how actions read in messages. */

export type Role =
  | 'commune_officer'
  | 'department_reviewer'
  | 'coordination_office'
  | 'council_member'
  | 'leader'
  | 'admin';

export type Action =
  | 'unit.read'
  | 'unit.locate'
  | 'value.write'
  | 'evidence.upload'
  | 'evidence.read'
  | 'dossier.read'
  | 'dossier.create'
  | 'dossier.self_assess'
  | 'dossier.submit'
  | 'dossier.rule'
  | 'dossier.consolidate'
  | 'dossier.request_rework'
  | 'dossier.resubmit'
  | 'dossier.vote'
  | 'dossier.decide'
  | 'dossier.revoke'
  | 'dossier.reopen'
  | 'survey.read'
  | 'survey.manage'
  | 'survey.key_paper'
  | 'audit.read'
  | 'user.manage'
  | 'target.plan'
  | 'target.assign'
  | 'target.report'
  | 'target.explain'
  | 'target.ask'
  | 'staff.read'
  | 'staff.assign'
  | 'staff.rate'
  | 'staff.approve'
  | 'publication.manage'
  | 'feedback.moderate'
  | 'figures.submit'
  | 'figures.approve'
  | 'figures.reopen'
  | 'quality.explain';

/** Every action with its wording (Vietnamese / English) for refusals. */
export const actionNames: Record<Action, [vi: string, en: string]> = {
  'unit.read': ['xem đơn vị', 'read the unit'],
  'unit.locate': ['ghi vị trí trụ sở đơn vị', 'record unit locations'],
  'value.write': ['nhập số liệu', 'write figures'],
  'evidence.upload': ['tải lên minh chứng', 'upload evidence'],
  'evidence.read': ['xem minh chứng', 'read evidence'],
  'dossier.read': ['xem hồ sơ', 'read dossiers'],
  'dossier.create': ['lập hồ sơ', 'create dossiers'],
  'dossier.self_assess': ['tự đánh giá hồ sơ', 'self-assess dossiers'],
  'dossier.submit': ['nộp hồ sơ', 'submit dossiers'],
  'dossier.rule': ['thẩm định tiêu chí', 'rule on criteria'],
  'dossier.consolidate': ['tổng hợp kết quả thẩm định', 'consolidate appraisals'],
  'dossier.request_rework': ['yêu cầu bổ sung hồ sơ', 'request rework'],
  'dossier.resubmit': ['nộp lại hồ sơ', 'resubmit dossiers'],
  'dossier.vote': ['biểu quyết', 'vote'],
  'dossier.decide': ['ghi nhận quyết định công nhận', 'record decisions'],
  'dossier.revoke': ['thu hồi công nhận', 'revoke recognition'],
  'dossier.reopen': ['mở lại hồ sơ', 'reopen dossiers'],
  'survey.read': ['xem kết quả khảo sát', 'read survey results'],
  'survey.manage': ['quản lý đợt khảo sát', 'manage surveys'],
  'survey.key_paper': ['nhập phiếu giấy', 'key paper ballots'],
  'audit.read': ['xem nhật ký', 'read the audit trail'],
  'user.manage': ['quản lý tài khoản', 'manage accounts'],
  'target.plan': ['lập kế hoạch chỉ tiêu', 'plan targets'],
  'target.assign': ['giao chỉ tiêu', 'assign targets'],
  'target.report': ['báo cáo kết quả thực hiện chỉ tiêu', 'report actual figures'],
  'target.explain': ['giải trình chỉ tiêu', 'explain an indicator'],
  'target.ask': ['yêu cầu giải trình', 'ask for an explanation'],
  'staff.read': ['xem đánh giá cán bộ', 'read staff evaluations'],
  'staff.assign': ['giao nhiệm vụ', 'assign tasks'],
  'staff.rate': ['đánh giá nhiệm vụ, chấm điểm cán bộ', 'rate tasks and score staff'],
  'staff.approve': ['phê duyệt xếp loại cán bộ', 'approve staff ratings'],
  'publication.manage': ['quản lý nội dung công khai', 'manage what is public'],
  'feedback.moderate': ['kiểm duyệt và trả lời ý kiến người dân', 'moderate and answer feedback'],
  'figures.submit': ['gửi số liệu định kỳ để duyệt', 'submit routine figures for approval'],
  'figures.approve': ['duyệt hoặc trả lại số liệu định kỳ', 'approve or return routine figures'],
  'figures.reopen': ['mở lại số liệu đã duyệt', 'reopen approved figures'],
  'quality.explain': ['giải trình cảnh báo chất lượng số liệu', 'explain data-quality warnings'],
};

export const allActions = Object.keys(actionNames) as Action[];

export const roles: readonly Role[] = [
  'commune_officer',
  'department_reviewer',
  'coordination_office',
  'council_member',
  'leader',
  'admin',
];

/** How each role reads (Vietnamese, English). */
export const roleNames: Record<Role, [vi: string, en: string]> = {
  commune_officer: ['Cán bộ xã', 'Commune officer'],
  department_reviewer: ['Sở, ngành thẩm định', 'Department reviewer'],
  coordination_office: ['Văn phòng điều phối', 'Coordination office'],
  council_member: ['Thành viên hội đồng', 'Council member'],
  leader: ['Lãnh đạo', 'Leader'],
  admin: ['Quản trị viên', 'Administrator'],
};

const readActions: Action[] = ['unit.read', 'evidence.read', 'dossier.read'];

/** The actions each role grants inside its subtree. Workflow state is checked by the use cases. */
export const roleActions: Record<Role, ReadonlySet<Action>> = {
  commune_officer: new Set([
    ...readActions,
    'value.write',
    'evidence.upload',
    'dossier.self_assess',
    'dossier.submit',
    'dossier.resubmit',
    'target.report',
    'target.explain',
    'survey.read',
    'survey.manage',
    'survey.key_paper',
    'figures.submit',
    'quality.explain',
  ]),
  // Approvers of routine figures: which of the two a framework uses per unit kind is its
  // `approval` setting (src/approval/approvers.ts); the grant must sit above the unit.
  department_reviewer: new Set([...readActions, 'dossier.rule', 'figures.approve', 'figures.reopen']),
  coordination_office: new Set([
    ...readActions,
    'dossier.create',
    'dossier.consolidate',
    'dossier.request_rework',
    'dossier.decide',
    'dossier.revoke',
    'dossier.reopen',
    'target.plan',
    'target.assign',
    'target.report',
    'target.ask',
    'survey.read',
    'survey.manage',
    'survey.key_paper',
    'publication.manage',
    'feedback.moderate',
    'figures.approve',
    'figures.reopen',
    'quality.explain',
  ]),
  council_member: new Set([...readActions, 'dossier.vote']),
  leader: new Set([...readActions, 'target.ask', 'survey.read']),
  // Administrators of a subtree also record where its units' offices are (`unit.locate`).
  admin: new Set(allActions),
};

/**
 * Actions on one criterion: a grant limited to a framework or to criteria allows them only when
 * the target names a framework and criterion inside those limits.
 */
export const criterionActions: ReadonlySet<Action> = new Set(['dossier.rule']);
