// The widget's strings for files, en and zh, merged into its dictionaries by i18n.ts.
export const filesEn = {
  attach: 'Attach a file',
  fileTooLarge: 'This file is too large to send.',
  fileType: 'This type of file cannot be sent.',
  fileFailed: 'The file could not be uploaded.',
  filePreview: 'Image {name}',
  fileDownload: 'Download {name}',
  dropFiles: 'Drop files to send them',
};

export const filesZh: Record<keyof typeof filesEn, string> = {
  attach: '添加文件',
  fileTooLarge: '文件太大，无法发送。',
  fileType: '不支持发送此类文件。',
  fileFailed: '文件上传失败。',
  filePreview: '图片 {name}',
  fileDownload: '下载 {name}',
  dropFiles: '松开即可发送文件',
};
