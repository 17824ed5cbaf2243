// What may be uploaded (agents and visitors alike): a size cap and an allow-list of content types,
// matched against the sniffed type (sniff.ts), never the name or the browser's claim.
import type { Config } from '../config.js';

/** Images, PDF, plain text and CSV, office documents (OOXML, OpenDocument, legacy OLE) and zip. */
export const DEFAULT_ATTACHMENT_TYPES = [
  'image/png', 'image/jpeg', 'image/gif', 'image/webp',
  'application/pdf', 'text/plain', 'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text', 'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation', 'application/x-cfb', 'application/zip',
] as const;

/** Shown inline in the console and widget; everything else is a download. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface UploadLimits {
  maxBytes: number;
  /** Exact types or `type/*` wildcards. */
  types: readonly string[];
}

export function uploadLimits(config: Pick<Config, 'ATTACHMENT_MAX_BYTES' | 'ATTACHMENT_TYPES'>): UploadLimits {
  const listed = config.ATTACHMENT_TYPES?.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  return { maxBytes: config.ATTACHMENT_MAX_BYTES, types: listed?.length ? listed : DEFAULT_ATTACHMENT_TYPES };
}

export function typeAllowed(limits: UploadLimits, contentType: string): boolean {
  const [major] = contentType.split('/');
  return limits.types.some((t) => t === contentType || t === `${major}/*`);
}

export const megabytes = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
