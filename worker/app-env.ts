/** What every handler can reach: the bindings, and the per-request services set up in index.ts. */
import type { Config } from './config.ts';
import type { ContentStates } from './content-state.ts';
import type { Store } from './store.ts';

export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: Config;
    store: Store;
    /**
     * The configured origin (PUBLIC_ORIGINS) this request was made to, e.g. `https://khabar.example`: every absolute
     * URL of the worker is built on it, never on the Host header as sent.
     */
    publicOrigin: string;
    /** Set by partner-access.ts for a partner limited to some origins: the answer varies with `Origin`. */
    varyOrigin?: boolean;
    /** The asking origin, answered in `Access-Control-Allow-Origin` instead of `*` (partner-cors.ts). */
    corsOrigin?: string;
    /** The isolate's content state holder: read it with `contentState(c)` (content-state.ts). */
    contentStates: ContentStates;
  };
}
