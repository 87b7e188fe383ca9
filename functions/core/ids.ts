import { randomBytes } from 'node:crypto';

/** Opaque, unguessable ids with a readable type prefix (fv_, card_, ...). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(15).toString('base64url')}`;
}
