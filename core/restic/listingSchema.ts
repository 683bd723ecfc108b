/** The REST listing's schema: loaded only for a listing no receipt vouches for (core/restic/listing.ts). */
import { z } from "zod";

/** REST v2 answers `[{name, size}]`; a v1-only server answers `["name", …]`. */
export const ListingSchema = z.union([
  z.array(z.object({ name: z.string(), size: z.number().optional() })),
  z.array(z.string()),
]);
