// Words of the shared form inputs (numbers, dates, months, units) and the phone menu.

export const formsVi = {
  menu: 'Trình đơn',
  numberInvalid: 'Không phải số. Viết như 92,5 hoặc 1.234,5.',
  dateInvalid: 'Ngày không hợp lệ. Viết theo dạng dd/mm/yyyy, ví dụ 31/12/2026.',
  monthInvalid: 'Tháng không hợp lệ. Viết theo dạng mm/yyyy, ví dụ 12/2026.',
  datePlaceholder: 'dd/mm/yyyy',
  monthPlaceholder: 'mm/yyyy',
  dateTimePlaceholder: 'dd/mm/yyyy hh:mm',
  dateTimeInvalid: 'Thời điểm không hợp lệ. Viết theo dạng dd/mm/yyyy hh:mm, ví dụ 31/12/2026 17:00.',
  unitField: 'Đơn vị (gõ tên, không dấu cũng được)',
  unitChange: 'Chọn đơn vị khác',
};

export const formsEn: Record<keyof typeof formsVi, string> = {
  menu: 'Menu',
  numberInvalid: 'Not a number. Write it like 92.5 or 1,234.5.',
  dateInvalid: 'Invalid date. Use dd/mm/yyyy, e.g. 31/12/2026.',
  monthInvalid: 'Invalid month. Use mm/yyyy, e.g. 12/2026.',
  datePlaceholder: 'dd/mm/yyyy',
  monthPlaceholder: 'mm/yyyy',
  dateTimePlaceholder: 'dd/mm/yyyy hh:mm',
  dateTimeInvalid: 'Invalid date and time. Use dd/mm/yyyy hh:mm, e.g. 31/12/2026 17:00.',
  unitField: 'Unit (type its name, accents optional)',
  unitChange: 'Choose another unit',
};
