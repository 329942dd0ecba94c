import { runSubgraph } from '@cdp/shared';
import { relationshipSubgraph } from './definition.js';

await runSubgraph(relationshipSubgraph);
