/**
 * The fields of the API's requests in words, for people: an issue names `unit_code` or
 * `values[3].value` for programs, and "mã đơn vị" or "mục 4 › giá trị" for the official who
 * reads it on a page. Every request field has its words here (test/field-words.test.ts reads
 * the OpenAPI document); a name not listed (a column header of the user's own file) is shown
 * as it is.
 */
import { type Lang, render, type Text, text } from './text.ts';

const words: Record<string, Text> = {
  action: text('thao tác', 'action'),
  add: text('thêm', 'add'),
  aggregation: text('cách cộng dồn', 'aggregation'),
  answer: text('câu trả lời', 'answer'),
  answers: text('các câu trả lời', 'answers'),
  applies_to: text('áp dụng cho', 'applies to'),
  approve: text('duyệt', 'approve'),
  assignee_id: text('người được giao', 'assignee'),
  at_risk_ratio: text('ngưỡng có nguy cơ', 'at-risk ratio'),
  attendees: text('số người dự', 'attendees'),
  authority: text('cơ quan có thẩm quyền', 'authority'),
  based_on: text('căn cứ vào', 'based on'),
  body: text('nội dung gửi lên', 'request body'),
  captcha_answer: text('mã xác nhận', 'captcha answer'),
  captcha_id: text('mã câu hỏi xác nhận', 'captcha'),
  catalogue_id: text('mục trong danh mục nhiệm vụ', 'catalogue item'),
  ceremony_date: text('ngày lễ công bố', 'ceremony date'),
  changes: text('các thay đổi', 'changes'),
  choice: text('lựa chọn', 'choice'),
  claim: text('tự đánh giá', 'claim'),
  code: text('mã', 'code'),
  coefficient: text('hệ số', 'coefficient'),
  column: text('cột', 'column'),
  comment: text('ý kiến', 'comment'),
  comments_public: text('công khai ý kiến', 'public comments'),
  completed_on: text('ngày hoàn thành', 'completed on'),
  content: text('nội dung', 'content'),
  criteria: text('tiêu chí', 'criteria'),
  criteria_set: text('bộ tiêu chí', 'criteria set'),
  criterion_no: text('số tiêu chí', 'criterion number'),
  cutoff_days_before_end: text('số ngày khóa trước cuối kỳ', 'cut-off days before the end'),
  date: text('ngày', 'date'),
  deadline: text('hạn', 'deadline'),
  debt: text('nợ đọng', 'debt'),
  decision: text('quyết định', 'decision'),
  decision_date: text('ngày quyết định', 'decision date'),
  decision_file: text('tệp quyết định', 'decision file'),
  decision_no: text('số quyết định', 'decision number'),
  delay_excused: text('chậm có lý do chính đáng', 'delay excused'),
  demo: text('dữ liệu mẫu', 'demo'),
  direction: text('chiều tốt', 'direction'),
  disqualifying: text('tiêu chí loại trừ', 'disqualifying'),
  display_name: text('tên hiển thị', 'display name'),
  doc_number: text('số văn bản', 'document number'),
  document: text('văn bản', 'document'),
  dossier: text('hồ sơ', 'dossier'),
  dossier_id: text('hồ sơ', 'dossier'),
  due_days: text('số ngày phải xong', 'days due'),
  email: text('thư điện tử', 'email'),
  entered_at: text('thời điểm nhập', 'entered at'),
  excused_errors: text('số lỗi được miễn trừ', 'excused errors'),
  explanation: text('giải trình', 'explanation'),
  field_note: text('ghi chép thực địa', 'field note'),
  file: text('tệp', 'file'),
  frame_id: text('khung đánh giá', 'frame'),
  framework: text('bộ tiêu chí', 'framework'),
  framework_id: text('bộ tiêu chí', 'framework'),
  frequency: text('kỳ đánh giá', 'frequency'),
  from: text('từ', 'from'),
  from_year: text('từ năm', 'from year'),
  front_comments: text('ý kiến Mặt trận Tổ quốc', 'Fatherland Front comments'),
  full_name: text('họ và tên', 'full name'),
  grant_id: text('quyền được cấp', 'grant'),
  grants: text('các quyền được cấp', 'grants'),
  holder: text('người nắm giữ', 'holder'),
  households: text('số hộ', 'households'),
  id: text('số hiệu', 'id'),
  ids: text('các số hiệu', 'ids'),
  indicator: text('chỉ tiêu', 'indicator'),
  indicator_code: text('mã chỉ tiêu', 'indicator code'),
  indicator_codes: text('các mã chỉ tiêu', 'indicator codes'),
  indicators: text('các chỉ tiêu', 'indicators'),
  internal_note: text('ghi chú nội bộ', 'internal note'),
  is_head: text('người đứng đầu', 'head'),
  items: text('các mục', 'items'),
  kind: text('loại', 'kind'),
  lat: text('vĩ độ', 'latitude'),
  limit: text('số dòng mỗi trang', 'limit'),
  lng: text('kinh độ', 'longitude'),
  major_errors: text('số lỗi nghiêm trọng', 'major errors'),
  manager_code: text('đơn vị quản lý', 'manager'),
  manual: text('nhập tay', 'manual'),
  measure: text('số liệu', 'measure'),
  measure_id: text('mã số liệu', 'measure code'),
  measures: text('các số liệu', 'measures'),
  meeting: text('cuộc họp', 'meeting'),
  message: text('nội dung', 'message'),
  mode: text('cách làm', 'mode'),
  name: text('tên', 'name'),
  new_deadline: text('hạn mới', 'new deadline'),
  note: text('ghi chú', 'note'),
  objective_cause: text('nguyên nhân khách quan', 'objective cause'),
  offset: text('vị trí bắt đầu', 'offset'),
  on_track_ratio: text('ngưỡng đúng tiến độ', 'on-track ratio'),
  opens_at: text('thời điểm mở', 'opens at'),
  closes_at: text('thời điểm đóng', 'closes at'),
  order: text('thứ tự', 'order'),
  org_unit: text('cơ quan, đơn vị', 'organisation'),
  outstanding: text('số còn nợ', 'outstanding'),
  parent: text('đơn vị cấp trên', 'parent'),
  parent_code: text('mã đơn vị cấp trên', 'parent code'),
  password: text('mật khẩu', 'password'),
  people: text('số người', 'people'),
  period: text('kỳ', 'period'),
  person_id: text('người', 'person'),
  person_ids: text('những người', 'people'),
  phone: text('số điện thoại', 'phone'),
  place: text('địa điểm', 'place'),
  position_code: text('chức vụ', 'position'),
  position_source: text('nguồn tọa độ', 'position source'),
  positions: text('số vị trí', 'positions'),
  postings: text('các lần niêm yết', 'postings'),
  procedure: text('thủ tục', 'procedure'),
  product: text('sản phẩm', 'product'),
  public_comment: text('ý kiến công khai', 'public comment'),
  publish_criteria: text('công khai tiêu chí', 'publish criteria'),
  publish_status: text('công khai kết quả', 'publish status'),
  q: text('từ khóa tìm', 'search'),
  quality: text('chất lượng', 'quality'),
  quantity: text('số lượng', 'quantity'),
  question: text('câu hỏi', 'question'),
  question_id: text('câu hỏi', 'question'),
  questions: text('các câu hỏi', 'questions'),
  rate: text('tỷ lệ', 'rate'),
  reason: text('lý do', 'reason'),
  remove: text('bỏ', 'remove'),
  required_coverage_pct: text('tỷ lệ lấy ý kiến tối thiểu', 'required coverage'),
  required_pass_pct: text('tỷ lệ hài lòng tối thiểu', 'required pass rate'),
  response: text('trả lời', 'response'),
  results_public: text('công khai kết quả', 'public results'),
  role: text('vai trò', 'role'),
  root_code: text('đơn vị gốc', 'root unit'),
  round: text('đợt', 'round'),
  satisfaction: text('mức hài lòng', 'satisfaction'),
  self_assessment: text('tự đánh giá', 'self-assessment'),
  set: text('đặt', 'set'),
  settings: text('cài đặt', 'settings'),
  sha256: text('mã kiểm tra tệp', 'checksum'),
  signer: text('người ký', 'signer'),
  source: text('nguồn', 'source'),
  sources: text('các nguồn', 'sources'),
  state: text('trạng thái', 'state'),
  step: text('bước', 'step'),
  successors: text('đơn vị kế thừa', 'successors'),
  summary: text('tóm tắt', 'summary'),
  surveyed: text('số người được hỏi', 'surveyed'),
  taken_at: text('thời điểm chụp', 'taken at'),
  target: text('chỉ tiêu giao', 'target'),
  targets: text('các chỉ tiêu giao', 'targets'),
  task_group: text('nhóm nhiệm vụ', 'task group'),
  tasks: text('các nhiệm vụ', 'tasks'),
  text: text('nội dung', 'text'),
  title: text('tiêu đề', 'title'),
  to: text('đến', 'to'),
  today: text('ngày hôm nay', 'today'),
  type: text('loại', 'type'),
  unit: text('đơn vị', 'unit'),
  unit_code: text('mã đơn vị', 'unit code'),
  unit_codes: text('các mã đơn vị', 'unit codes'),
  unit_name: text('tên đơn vị', 'unit name'),
  units: text('các đơn vị', 'units'),
  unread: text('chưa đọc', 'unread'),
  user: text('tài khoản', 'account'),
  user_id: text('tài khoản', 'account'),
  username: text('tên đăng nhập', 'username'),
  valid_from: text('hiệu lực từ', 'valid from'),
  valid_to: text('hiệu lực đến', 'valid to'),
  value: text('giá trị', 'value'),
  values: text('các số liệu', 'values'),
  verdict: text('kết luận', 'verdict'),
  version: text('phiên bản', 'version'),
  village: text('thôn', 'village'),
  villages: text('các thôn', 'villages'),
  vote: text('biểu quyết', 'vote'),
  votes_abstain: text('số phiếu không biểu quyết', 'abstentions'),
  votes_against: text('số phiếu không đồng ý', 'votes against'),
  votes_for: text('số phiếu đồng ý', 'votes for'),
  weight_measure: text('số liệu làm trọng số', 'weight measure'),
  within: text('trong phạm vi', 'within'),
  year: text('năm', 'year'),
  // Columns of the file of recognitions made before TieuChi (src/past-recognitions/table.ts).
  ma_don_vi: text('mã đơn vị', 'unit code'),
  ten_don_vi: text('tên đơn vị', 'unit name'),
  danh_hieu: text('danh hiệu', 'title'),
  nam: text('năm', 'year'),
  so_quyet_dinh: text('số quyết định', 'decision number'),
  ngay_quyet_dinh: text('ngày quyết định', 'decision date'),
  ngay_don_nhan: text('ngày đón nhận', 'ceremony date'),
  cap_ky: text('cấp ký', 'signing level'),
  nguoi_ky: text('người ký', 'signer'),
  bo_tieu_chi: text('bộ tiêu chí', 'criteria set'),
  ma_bo_tieu_chi: text('mã bộ tiêu chí', 'framework code'),
  nguon: text('nguồn', 'source'),
  ghi_chu: text('ghi chú', 'note'),
  // Columns of a file of office locations (src/units/locations.ts).
  vi_do: text('vĩ độ', 'latitude'),
  kinh_do: text('kinh độ', 'longitude'),
};

/** Whether a request field has its words (for the completeness test). */
export function hasFieldWords(name: string): boolean {
  return Object.hasOwn(words, name);
}

/**
 * A field as people read it: "values[3].value" → "các số liệu, mục 4 › giá trị"; several
 * columns ("unit_code, measure_id", as PostgreSQL names a key) each in words; a name without
 * words (a header of the user's file) as it is.
 */
export function fieldLabel(field: string, lang: Lang): string {
  return field
    .split(', ')
    .map((one) => pathLabel(one, lang))
    .join(', ');
}

/** A field as programs name it (`values[3].unit_code`); anything else is a header or a cell reference. */
const machinePath = /^(?:[a-z_][a-z0-9_]*|\[\d+\])(?:\.[a-z_][a-z0-9_]*|\[\d+\])*$/;

function pathLabel(path: string, lang: Lang): string {
  if (!machinePath.test(path)) return path;
  const parts: string[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) {
      const n = Number(m[2]) + 1;
      const of = parts.pop();
      const item = lang === 'en' ? `item ${n}` : `mục ${n}`;
      parts.push(of === undefined ? item : lang === 'en' ? `${of} ${item}` : `${of}, ${item}`);
    } else {
      const name = m[1]!;
      parts.push(Object.hasOwn(words, name) ? render(words[name]!, lang) : name);
    }
  }
  return parts.join(' › ') || path;
}
