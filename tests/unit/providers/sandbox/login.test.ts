import { describe, expect, it } from 'vitest';
import { LoginCodeRejected } from '../../../../functions/providers/login.js';
import { SandboxLogin } from '../../../../functions/providers/sandbox/login.js';

describe('SandboxLogin', () => {
  const login = new SandboxLogin();

  it('is the sandbox platform', () => {
    expect(login.platform).toBe('sandbox');
  });

  it.each(['demo-holder', 'a', 'A_b-9', 'x'.repeat(64)])('accepts sandbox:%s', async (openid) => {
    expect(await login.exchange(`sandbox:${openid}`)).toEqual({ openid });
  });

  it.each([
    '',
    'sandbox:',
    'demo-holder',
    'Sandbox:demo',
    'sandbox:demo holder',
    'sandbox:演示',
    'sandbox:demo:x',
    'sandbox:demo\n',
    ` sandbox:demo`,
    `sandbox:${'x'.repeat(65)}`,
    'wechat:demo',
  ])('rejects %j', async (code) => {
    await expect(login.exchange(code)).rejects.toBeInstanceOf(LoginCodeRejected);
  });
});
