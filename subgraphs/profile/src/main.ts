import { runSubgraph } from '@cdp/shared';
import { profileSubgraph } from './definition.js';

await runSubgraph(profileSubgraph);
