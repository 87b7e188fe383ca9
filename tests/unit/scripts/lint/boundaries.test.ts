import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../../..', import.meta.url).pathname });

/** The boundary messages ESLint gives `code` as if it were the file at `path`. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result!.messages.filter((m) => m.ruleId?.startsWith('essc/') || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('the layout lint (scripts/lint/boundaries.js)', () => {
  it("refuses reaching into another capability's files, and allows its index.ts, its rules and core", async () => {
    const inside = await boundaryErrors('functions/settlement/x.ts', "import { getCard } from '../holder/card.store.js';\nexport const a = getCard;\n");
    expect(inside).toEqual([expect.stringContaining('holder/index.ts')]);
    expect(
      await boundaryErrors(
        'functions/settlement/x.ts',
        "import { getCard } from '../holder/index.js';\nimport { isUsable } from '../holder/cardStatus.rules.js';\nimport { now } from '../core/clock.js';\nexport const a = [getCard, isUsable, now];\n",
      ),
    ).toEqual([]);
  });

  it('keeps core free of capabilities and deployed code free of scripts/', async () => {
    expect(await boundaryErrors('functions/core/x.ts', "import { getCard } from '../holder/index.js';\nexport const a = getCard;\n")).toEqual([
      expect.stringContaining('core/ imports no capability'),
    ]);
    expect(await boundaryErrors('functions/cards/x.ts', "import { seedPeople } from '../../scripts/seed/index.js';\nexport const a = seedPeople;\n")).toEqual([
      expect.stringContaining('nothing outside functions/'),
    ]);
  });

  it('keeps rules files pure: other rules, node builtins and types only', async () => {
    expect(
      await boundaryErrors(
        'functions/settlement/x.rules.ts',
        "import { createHash } from 'node:crypto';\nimport { ageOn } from '../holder/idNumber.rules.js';\nimport type { CardRecord } from '../holder/index.js';\nexport const a = [createHash, ageOn] as unknown as CardRecord;\n",
      ),
    ).toEqual([]);
    expect(await boundaryErrors('functions/settlement/x.rules.ts', "import { getCard } from '../holder/index.js';\nexport const a = getCard;\n")).toEqual([
      expect.stringContaining('A rules file imports only'),
    ]);
  });

  it('makes every refusal come from an error catalogue', async () => {
    expect(
      await boundaryErrors('functions/cards/x.ts', "import { ProblemError } from '../core/problem.js';\nexport const e = new ProblemError(400, 'x', 'y');\n"),
    ).toEqual([expect.stringContaining('errors.ts catalogue')]);
  });

  it('keeps the mini-program shared code free of features, and pages imported by nobody', async () => {
    expect(await boundaryErrors('miniapp/src/shared/x.ts', "import { a } from '../features/code/api';\nexport const b = a;\n")).toEqual([
      expect.stringContaining('shared/ imports no feature'),
    ]);
    expect(await boundaryErrors('miniapp/src/features/code/x.ts', "import a from '../../pages/index/index';\nexport const b = a;\n")).toEqual([
      expect.stringContaining('nothing imports one'),
    ]);
  });
});
