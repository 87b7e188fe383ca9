/**
 * Lists seeded people one can claim a card as in the local stack (synthetic data).
 * Indexes 700+ are left alone by the tests, which claim people at lower indexes.
 * Usage: npx tsx scripts/demo-people.ts [count]
 */
import { findClaimablePerson } from './seed/people.js';
import { DEMO_PIN, seedPeople } from './seed/index.js';
import { DEMO_HOLDER } from './seed/people.js';

const count = Number(process.argv[2] ?? 10);
const people = seedPeople();
console.log(`Demo holder (already claimed): ${DEMO_HOLDER.name} ${DEMO_HOLDER.idNumber}, login ?user=demo-holder, PIN ${DEMO_PIN}\n`);
console.log('Claimable (physical card normal, adult):');
for (let i = 0; i < count; i++) {
  const p = findClaimablePerson(people, 700 + i);
  console.log(`  ${p.name}\t${p.idNumber}\t${p.regionCode}\t${p.personType}\tbalance ${p.personalAccountBalance} fen`);
}
console.log('\nPhysical card lost / cancelled (claiming is refused):');
for (const status of ['lost', 'cancelled'] as const) {
  const p = people.find((x) => x.cardStatus === status)!;
  console.log(`  ${p.name}\t${p.idNumber}\t${status}`);
}
