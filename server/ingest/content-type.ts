// Content types from senders are data, not headers: only a well-formed `type/subtype` (RFC 9110
// tokens, lowercased, parameters dropped) is kept; anything else is application/octet-stream.
// Checked at ingest and again when serving, so rows stored before the check are safe too.
export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]{1,127}$/;

export function safeContentType(raw: unknown): string {
  if (typeof raw !== 'string') return FALLBACK_CONTENT_TYPE;
  const essence = raw.split(';', 1)[0]!.trim().toLowerCase();
  const [type, subtype, extra] = essence.split('/');
  return type && subtype && extra === undefined && TOKEN.test(type) && TOKEN.test(subtype) ? `${type}/${subtype}` : FALLBACK_CONTENT_TYPE;
}
