import { z } from 'zod';

export const CreateSessionBody = z.object({
  channelId: z.string({ error: 'required' }).min(1, 'required').max(64).regex(/^[a-z0-9-]+$/, 'malformed channel id'),
  platform: z.enum(['weapp', 'alipay', 'h5'], { error: 'must be weapp, alipay or h5' }),
  loginCode: z.string({ error: 'required' }).min(1, 'required').max(512, 'too long'),
});
