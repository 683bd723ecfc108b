import { defineKillSuite } from "./suite.ts";

defineKillSuite("push", "push killed at its journal step and at 8 instants of its run loses nothing", 8);
