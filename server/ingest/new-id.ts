import { randomBytes } from 'node:crypto';

/** A collision-resistant id in the shape Prisma's cuid() ids have (letters and digits, starting with c). */
export function newId(): string {
  return `c${Date.now().toString(36)}${randomBytes(10).toString('hex')}`;
}
