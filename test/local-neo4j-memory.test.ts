import { describe, expect, it } from 'vitest';
import { localNeo4jMemory } from '../scripts/lib/database.js';

describe('local Neo4j memory settings', () => {
  it.each([
    [{}, { pageCacheMb: 256, heapMb: 1024 }],
    [{ NEO4J_PAGECACHE_MB: '', NEO4J_HEAP_MB: '' }, { pageCacheMb: 256, heapMb: 1024 }],
    [{ NEO4J_PAGECACHE_MB: '4096', NEO4J_HEAP_MB: '2048' }, { pageCacheMb: 4096, heapMb: 2048 }],
  ])('%j gives %j', (env, memory) => {
    expect(localNeo4jMemory(env)).toEqual(memory);
  });

  it.each([
    [{ NEO4J_PAGECACHE_MB: '2g' }, 'NEO4J_PAGECACHE_MB expects a whole number of MiB, at least 64, but got "2g"'],
    [{ NEO4J_HEAP_MB: '32' }, 'NEO4J_HEAP_MB expects a whole number of MiB, at least 64, but got "32"'],
    [{ NEO4J_HEAP_MB: '1.5' }, 'NEO4J_HEAP_MB expects a whole number of MiB, at least 64, but got "1.5"'],
  ])('%j is refused', (env, message) => {
    expect(() => localNeo4jMemory(env)).toThrow(message);
  });

  it('takes what the caller gives over the environment, and does not read a value it will not use', () => {
    expect(localNeo4jMemory({ NEO4J_HEAP_MB: '32' }, { heapMb: 2048 })).toEqual({ pageCacheMb: 256, heapMb: 2048 });
  });
});
