import type { BenchCase } from '../context.js';
import { customer360Case } from './customer360.js';
import { identifyCase } from './identify.js';
import { ingestCase } from './ingest.js';
import { subscriptionsCase } from './subscriptions.js';
import { traversalCase } from './traversal.js';

/** Every benchmark, by the name `npm run bench -- <name>` takes. Cases register here. */
export const CASES: readonly BenchCase[] = [identifyCase, traversalCase, ingestCase, subscriptionsCase, customer360Case];
