/**
 * Seeded people for the tests that claim cards against a stack (integration, api, e2e).
 * Files in one project share a DynamoDB Local and may run in parallel, so two files must
 * never claim the same person: each test file gets its own block of each pool, by its place
 * in the sorted list of test files — a new file gets a block with no numbering by hand.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ageOn } from '../../functions/holder/idNumber.rules.js';
import { DEFAULT_PEOPLE, seedPeople, SEED_TODAY } from '../../scripts/seed/index.js';
import { DEMO_HOLDER, type SeedPerson } from '../../scripts/seed/people.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** How many people of each pool a file may use. */
export const BLOCK = { adult: 24, retiree: 8, child: 4 } as const;
type Pool = keyof typeof BLOCK;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [relative(ROOT, join(dir, e.name))] : [],
  );
}

const FILES = ['integration', 'api', 'e2e'].flatMap((p) => testFiles(join(ROOT, 'tests', p))).sort();
const PEOPLE = seedPeople(Number(process.env.SEED_PEOPLE ?? DEFAULT_PEOPLE));

const usable = (p: SeedPerson) => p.cardStatus === 'normal' && p.idNumber !== DEMO_HOLDER.idNumber;
const POOLS: Record<Pool, SeedPerson[]> = {
  adult: PEOPLE.filter((p) => usable(p) && p.personType !== 'retiree' && ageOn(p.birthDate, SEED_TODAY) >= 18),
  retiree: PEOPLE.filter((p) => usable(p) && p.personType === 'retiree'),
  // Under 15 at the seed date: still under 16 (a guardian adds them) for a year of test runs.
  child: PEOPLE.filter((p) => usable(p) && p.personType === 'child' && ageOn(p.birthDate, SEED_TODAY) < 15),
};

export interface PeopleOfFile {
  /** The i-th adult (an employee or a resident, not a retiree) with a card in normal use, who has not claimed yet. */
  claimable(i: number): SeedPerson;
  /**
   * The n-th adult of the file's block that `test` accepts (the same people as claimable():
   * a file uses one way of picking adults or the other).
   */
  where(test: (p: SeedPerson) => boolean, n?: number): SeedPerson;
  /** The i-th retiree (pension certification) with a card in normal use. */
  retiree(i: number): SeedPerson;
  /** The i-th child under 16 with a card in normal use. */
  child(i: number): SeedPerson;
}

/** The people reserved for the test file `fileUrl` (its `import.meta.url`). */
export function peopleFor(fileUrl: string): PeopleOfFile {
  const file = relative(ROOT, fileURLToPath(fileUrl));
  const block = FILES.indexOf(file);
  if (block < 0) throw new Error(`${file} is not a test file of tests/{integration,api,e2e}`);
  const pick = (pool: Pool) => (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= BLOCK[pool]) throw new RangeError(`${file}: ${pool} ${i} is outside its block of ${BLOCK[pool]}`);
    const person = POOLS[pool][block * BLOCK[pool] + i];
    if (!person) throw new RangeError(`not enough seeded ${pool}s for ${FILES.length} test files`);
    return person;
  };
  const adults = POOLS.adult.slice(block * BLOCK.adult, (block + 1) * BLOCK.adult);
  const where = (test: (p: SeedPerson) => boolean, n = 0) => {
    const person = adults.filter(test)[n];
    if (!person) throw new RangeError(`${file}: no ${n}-th such person in its block of ${BLOCK.adult} adults`);
    return person;
  };
  return { claimable: pick('adult'), where, retiree: pick('retiree'), child: pick('child') };
}
