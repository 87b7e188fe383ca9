import { describe, expect, it } from 'vitest';
import { providerCache } from '../../../functions/providers/providerCache.js';

describe('providerCache', () => {
  it('builds once per key, again for a changed key part (new secrets), and treats a missing part as empty', async () => {
    const cache = providerCache<{ n: number }>();
    let builds = 0;
    const build = async () => ({ n: ++builds });
    const a = cache(['ch1', 'wechat', 'enc-1'], build);
    expect(cache(['ch1', 'wechat', 'enc-1'], build)).toBe(a);
    expect((await a).n).toBe(1);
    expect((await cache(['ch1', 'wechat', 'enc-2'], build)).n).toBe(2);
    expect(await cache(['ch1', undefined], build)).toBe(await cache(['ch1', ''], build));
    expect(builds).toBe(3);
  });

  it('forgets a failed build, so the next call builds again', async () => {
    const cache = providerCache<string>();
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls === 1) throw new Error('secret missing');
      return 'ok';
    };
    await expect(cache(['ch'], flaky)).rejects.toThrow('secret missing');
    await expect(cache(['ch'], flaky)).resolves.toBe('ok');
    await expect(cache(['ch'], flaky)).resolves.toBe('ok');
    expect(calls).toBe(2);
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    const cache = providerCache<number>(2);
    let builds = 0;
    const build = async () => ++builds;
    await cache(['a'], build);
    await cache(['b'], build);
    await cache(['c'], build); // drops a
    expect(await cache(['b'], build)).toBe(2);
    expect(await cache(['a'], build)).toBe(4);
  });
});
