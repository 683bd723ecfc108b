/**
 * What a restic stderr line says about the network, in a module of its own: the offline watch reads
 * every line of a running restic with it, and must not load failure classification (which loads zod).
 */

/** Network failures as Go's net/http and restic's backends word them, most specific first. */
const NETWORK_ERRORS: [RegExp, string][] = [
  [/connection refused/i, "connection refused"],
  [/no such host|temporary failure in name resolution|server misbehaving/i, "host name not found"],
  [/i\/o timeout|TLS handshake timeout|context deadline exceeded/i, "timed out"],
  [/network is unreachable|no route to host/i, "network unreachable"],
  [/connection reset by peer/i, "connection reset"],
  [/dial tcp/i, "connection failed"],
];

/** The reason a network error line gives, for the message ("connection refused"); null for other lines. */
export function networkErrorReason(line: string): string | null {
  for (const [re, reason] of NETWORK_ERRORS) if (re.test(line)) return reason;
  return null;
}
