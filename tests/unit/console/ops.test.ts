// Pure helpers behind the admin channel form and the #/reports route.
import { describe, expect, it } from 'vitest';
import { buildSettings, CHANNEL_FIELDS, formValues, getPath, setPath } from '../../../agent-console/src/components/admin/channelFields.js';
import { parseHash } from '../../../agent-console/src/hooks/useHashRoute.js';
import { reportQuery } from '../../../agent-console/src/api-ops.js';

describe('channel settings form', () => {
  const email = CHANNEL_FIELDS.email;

  it('builds nested email settings, numbers and booleans', () => {
    const values = { ...formValues({}, email, 'email'), address: 'a@example.com', 'imap.host': 'imap.x', 'imap.port': '993', 'imap.user': 'u', imapPassword: 'pw', 'smtp.host': 'smtp.x', 'smtp.port': '587' };
    const s = buildSettings({}, email, values);
    expect(s).toEqual({ address: 'a@example.com', imap: { host: 'imap.x', port: 993, secure: true, user: 'u' }, imapPassword: 'pw', smtp: { host: 'smtp.x', port: 587, secure: false } });
  });

  it('leaves empty secrets out so the stored ones are kept, and keeps unknown stored keys', () => {
    const stored = { address: 'a@example.com', imap: { host: 'h', port: 993, secure: true, user: 'u' }, smtp: { host: 's', port: 25, secure: false }, pollIntervalSec: 30 };
    const values = formValues(stored, email, 'email');
    expect(values.imapPassword).toBe('');
    expect(values['imap.port']).toBe('993');
    const s = buildSettings(stored, email, values);
    expect('imapPassword' in s).toBe(false);
    expect(s.pollIntervalSec).toBe(30);
  });

  it('splits list fields and drops empty optional ones', () => {
    const s = buildSettings({}, CHANNEL_FIELDS.slack, { botToken: 'xoxb-1', signingSecret: 'secret12', teamId: 'T123', communityChannelIds: 'C1, C2  C3', mirrorChannelId: '' });
    expect(s.communityChannelIds).toEqual(['C1', 'C2', 'C3']);
    expect('mirrorChannelId' in s).toBe(false);
  });

  it('reads and writes dotted paths without touching the input', () => {
    const a = { imap: { host: 'x' } };
    const b = setPath(a, 'imap.port', 1);
    expect(a).toEqual({ imap: { host: 'x' } });
    expect(getPath(b, 'imap.port')).toBe(1);
  });
});

describe('reports route and query', () => {
  it('parses #/reports', () => {
    expect(parseHash('#/reports').page).toBe('reports');
  });
  it('builds the report query with csv format', () => {
    expect(reportQuery({ from: '2025-01-01', to: '2025-01-31', teamId: '', interval: 'week' }, 'csv')).toBe('?from=2025-01-01&to=2025-01-31&interval=week&format=csv');
  });
});
