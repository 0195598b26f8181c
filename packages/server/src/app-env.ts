import type { ApiKeyRecord, Storage } from "@burnrate/storage";
import type { KeyResolver } from "./auth/key-resolver.js";

/** What every request handler can reach through `c.var`. */
export interface AppEnv {
  Variables: {
    storage: Storage;
    keyResolver: KeyResolver;
    apiKey: ApiKeyRecord;
  };
}
