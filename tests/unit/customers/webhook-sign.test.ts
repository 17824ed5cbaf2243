// Webhook signatures: t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>, checked for age and tampering.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from '../../../server/webhooks/sign.js';

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'evt', type: 'lead.created', data: { n: 1 } });
  it('signs the timestamp and the raw body', () => {
    const header = signPayload('s3cret', body, 1_700_000_000);
    expect(header).toBe(`t=1700000000,v1=${createHmac('sha256', 's3cret').update(`1700000000.${body}`).digest('hex')}`);
    expect(verifySignature('s3cret', body, header, 300, 1_700_000_100)).toBe(true);
  });
  it('rejects a changed body, another secret, an old timestamp and garbage', () => {
    const header = signPayload('s3cret', body, 1_700_000_000);
    expect(verifySignature('s3cret', body + ' ', header, 300, 1_700_000_000)).toBe(false);
    expect(verifySignature('other', body, header, 300, 1_700_000_000)).toBe(false);
    expect(verifySignature('s3cret', body, header, 300, 1_700_000_301)).toBe(false);
    expect(verifySignature('s3cret', body, 'v1=abc', 300, 1_700_000_000)).toBe(false);
    expect(verifySignature('s3cret', body, undefined)).toBe(false);
  });
});
