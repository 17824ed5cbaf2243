// Valid settings for inboxes that tests need only as rows (nothing listens on port 9, so an
// email watcher just records a connection error and backs off).
export const UNREACHABLE_EMAIL_SETTINGS = {
  address: 'support@example.com',
  imap: { host: '127.0.0.1', port: 9, secure: false, user: 'support' },
  smtp: { host: '127.0.0.1', port: 9, secure: false },
  imapPassword: 'unused',
};
