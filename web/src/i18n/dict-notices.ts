// The notification centre (thông báo), e-mail settings and monthly report subscriptions.

export const noticesVi = {
  noticesTitle: 'Thông báo',
  noticesBell: 'Thông báo: {n} chưa đọc',
  noticesBellNone: 'Thông báo',
  noticesEmpty: 'Chưa có thông báo nào. Hệ thống nhắc hạn hồ sơ, báo cáo, khảo sát và tự đánh giá tại đây.',
  noticesUnread: '{n} thông báo chưa đọc',
  noticesAllRead: 'Đã đọc hết',
  noticesMarkAll: 'Đánh dấu tất cả đã đọc',
  noticesMarkRead: 'Đã đọc',
  noticesOpen: 'Mở',
  noticesDownload: 'Tải báo cáo (.xlsx)',
  noticesNew: 'Mới',
  noticesEmailTitle: 'Nhận thông báo qua thư điện tử',
  noticesEmailField: 'Địa chỉ thư điện tử',
  noticesEmailSave: 'Lưu',
  noticesEmailSaved: 'Đã lưu.',
  noticesEmailOff:
    'Máy chủ chưa được cấu hình gửi thư điện tử: thông báo chỉ hiển thị trong ứng dụng. Địa chỉ đã lưu sẽ được dùng khi cấu hình xong.',
  noticesEmailHint: 'Để trống và lưu để thôi nhận thư.',
  reportsTitle: 'Báo cáo tháng',
  reportsIntro:
    'Mỗi ngày 1 hằng tháng, hệ thống gửi bản tóm tắt tháng trước của địa bàn (số đơn vị đạt theo từng bộ tiêu chí, thay đổi so với tháng trước, số liệu cập nhật, hồ sơ chuyển bước) vào mục Thông báo và qua thư điện tử.',
  reportsNone: 'Chưa đăng ký địa bàn nào.',
  reportsUnit: 'Địa bàn',
  reportsSubscribe: 'Nhận báo cáo tháng',
  reportsSubscribed: 'Đang nhận báo cáo tháng',
  reportsUnsubscribe: 'Thôi nhận',
  reportsAdd: 'Đăng ký',
};

export const noticesEn: Record<keyof typeof noticesVi, string> = {
  noticesTitle: 'Notifications',
  noticesBell: 'Notifications: {n} unread',
  noticesBellNone: 'Notifications',
  noticesEmpty:
    'No notifications yet. Deadline reminders for dossiers, reports, surveys and self-assessments appear here.',
  noticesUnread: '{n} unread',
  noticesAllRead: 'All read',
  noticesMarkAll: 'Mark all as read',
  noticesMarkRead: 'Read',
  noticesOpen: 'Open',
  noticesDownload: 'Download report (.xlsx)',
  noticesNew: 'New',
  noticesEmailTitle: 'Notifications by e-mail',
  noticesEmailField: 'E-mail address',
  noticesEmailSave: 'Save',
  noticesEmailSaved: 'Saved.',
  noticesEmailOff:
    'The server is not configured to send e-mail: notifications appear in the app only. The saved address will be used once it is.',
  noticesEmailHint: 'Leave empty and save to stop e-mails.',
  reportsTitle: 'Monthly reports',
  reportsIntro:
    "On the 1st of each month, last month's summary of the area (units meeting each criteria set, change since the month before, figures updated, dossiers moved) arrives in Notifications and by e-mail.",
  reportsNone: 'No area subscribed.',
  reportsUnit: 'Area',
  reportsSubscribe: 'Get the monthly report',
  reportsSubscribed: 'Getting the monthly report',
  reportsUnsubscribe: 'Stop',
  reportsAdd: 'Subscribe',
};
