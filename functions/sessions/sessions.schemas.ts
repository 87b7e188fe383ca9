import * as z from 'zod/mini';
import { text } from '../core/schemas.js';

export const CreateSessionBody = z.object({
  channelId: text(1, 64).check(z.regex(/^[a-z0-9-]+$/, 'malformed channel id')),
  platform: z.enum(['weapp', 'alipay', 'h5'], { error: 'must be weapp, alipay or h5' }),
  loginCode: text(1, 512),
});
