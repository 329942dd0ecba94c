import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { LimitsConfig } from './config.js';

/**
 * Operation limits as envelop plugins: they run in parse and validate, which HTTP requests and
 * graphql-ws operations share, so one configuration guards both.
 */
export function limitsPlugins(limits: LimitsConfig) {
  return [
    maxTokensPlugin({ n: limits.maxTokens, exposeLimits: true }),
    maxDepthPlugin({ n: limits.maxDepth, exposeLimits: true, flattenFragments: true, ignoreIntrospection: true }),
    maxAliasesPlugin({ n: limits.maxAliases, exposeLimits: true }),
    costLimitPlugin({ maxCost: limits.maxCost, exposeLimits: true }),
    blockFieldSuggestionsPlugin(),
  ];
}
