/**
 * npm run compose          writes schema/supergraph.graphql
 * npm run compose -- --check  fails when the committed file is not what composition gives now
 */
import { writeFileSync } from 'node:fs';
import { SUPERGRAPH_PATH, composeSupergraph, readCommittedSupergraph } from './lib/supergraph.js';

const check = process.argv.includes('--check');
const fresh = composeSupergraph();
if (check) {
  let committed = '';
  try {
    committed = readCommittedSupergraph();
  } catch {
    // a missing file is simply out of date
  }
  if (committed !== fresh) {
    process.stderr.write(`${SUPERGRAPH_PATH} is out of date: run \`npm run compose\` and commit the result.\n`);
    process.exit(1);
  }
  process.stdout.write('supergraph is up to date\n');
} else {
  writeFileSync(SUPERGRAPH_PATH, fresh);
  process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
}
