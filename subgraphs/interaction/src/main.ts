import { runSubgraph } from '@cdp/shared';
import { interactionSubgraph } from './definition.js';

await runSubgraph(interactionSubgraph);
