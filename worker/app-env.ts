/** What every handler can reach: the bindings, and the per-request services set up in index.ts. */
import type { Config } from './config.ts';
import type { Store } from './store.ts';

export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: Config;
    store: Store;
  };
}
