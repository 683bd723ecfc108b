import { defineKillSuite } from "./suite.ts";

defineKillSuite("pull", "pull killed at each restore step and at 8 instants of its run loses nothing", 8);
