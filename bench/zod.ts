// `deno task bench`'s measure of the boundary validator's own load: `deno run` of this against `empty.ts`.
// Lines 4–8 load zod when a listing, a snapshot or restic's output must be checked; lines 2–3 never do.
import { z } from "zod";
if (typeof z.object !== "function") throw new Error("zod did not load");
