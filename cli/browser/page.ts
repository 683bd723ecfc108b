import type { PageModel } from "./question.ts";
import { PAGE_SCRIPT } from "./pageScript.ts";
import { PAGE_STYLE } from "./pageStyle.ts";

/**
 * JSON that is safe inside a `<script type="application/json">` element: `<`, `>` and `&` (and the two
 * JavaScript line separators) are written as escapes, so no string from a repository can end the
 * element or start markup.
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

/**
 * The whole page, self-contained (no network, no CDN). Data travels only as inline JSON and the script
 * draws it with `textContent`; the nonce lets the Content-Security-Policy allow exactly these two inline
 * blocks and nothing else.
 */
export function renderPage(model: PageModel, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>instance-sync: a decision is needed</title>
<style nonce="${nonce}">${PAGE_STYLE}</style>
</head>
<body>
<main id="app" aria-live="polite"><p>Loading the question…</p></main>
<noscript><p>This page needs JavaScript to send your answer.</p></noscript>
<script type="application/json" id="question">${inlineJson({ model })}</script>
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
