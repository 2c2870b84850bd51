import { conformanceShard } from './shard.js';

conformanceShard(0);
