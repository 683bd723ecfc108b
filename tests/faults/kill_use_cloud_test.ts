import { defineKillSuite } from "./suite.ts";

defineKillSuite(
  "use-cloud",
  "a conflict resolved with use-cloud, killed at each restore step and at 8 instants, loses nothing",
  8,
);
