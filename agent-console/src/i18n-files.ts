// Strings of files in the console (the composer's attach button, pending files, previews), en and zh
// side by side, merged into the console dictionaries by i18n.ts.
export const filesEn = {
  'files.attach': 'Attach',
  'files.attachHint': 'Attach files (or drop them here, or paste an image)',
  'files.pending': 'Files to send',
  'files.uploading': 'Uploading {name}',
  'files.remove': 'Remove {name}',
  'files.drop': 'Drop files to attach them',
  'files.preview': 'Preview of {name}',
  'files.status.queued': 'sending',
  'files.status.sent': 'sent',
  'files.status.linked': 'sent as a link',
  'files.status.failed': 'not delivered',
} as const;

export const filesZh: Record<keyof typeof filesEn, string> = {
  'files.attach': '附件',
  'files.attachHint': '添加文件（也可以拖放到这里，或粘贴图片）',
  'files.pending': '待发送的文件',
  'files.uploading': '正在上传 {name}',
  'files.remove': '移除 {name}',
  'files.drop': '松开即可添加文件',
  'files.preview': '{name} 的预览',
  'files.status.queued': '发送中',
  'files.status.sent': '已发送',
  'files.status.linked': '已以链接发送',
  'files.status.failed': '未送达',
};
