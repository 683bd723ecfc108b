import { readConfigText } from "../fs/atomic.ts";
import { isPlainRoot } from "./scopeRoots.ts";
import type { InstancePaths } from "./paths.ts";
import { parseWithReceipt } from "./receipts.ts";
import { defaultScope, type Scope, scopeFromData } from "./scopeDefaults.ts";

export {
  DEFAULT_EXCLUDE,
  DEFAULT_INCLUDE,
  defaultScope,
  type Scope,
  type ScopeData,
  scopeFromData,
} from "./scopeDefaults.ts";

/** Reads `scope.json`, or the defaults when there is none. */
export async function readScope(paths: InstancePaths): Promise<Scope> {
  const text = await readConfigText(paths.scope);
  if (text === null) return defaultScope();
  const data = await parseWithReceipt(
    paths,
    "scope.json",
    text,
    paths.scope,
    async () => (await import("./scopeSchema.ts")).ScopeSchema,
    undefined,
    (d) => d.include === undefined || (Array.isArray(d.include) && d.include.every(isPlainRoot)),
  );
  return scopeFromData(data);
}
