// A sender's filename is a label, never a path: the last segment of either separator, without
// control characters, quotes or leading dots, at most 200 characters.
import { truncate } from '../text.js';

export function cleanFilename(raw: string | undefined): string {
  const last = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = last.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').replace(/^[.\s]+/, '').trim();
  return truncate(cleaned, 200) || 'attachment';
}
