/** The page's CSS: readable at 1280×800 and on a phone, light and dark, large focus rings for the keyboard. */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --fg: #1b1f23; --muted: #57606a; --bg: #f6f8fa; --card: #fff;
  --line: #d0d7de; --accent: #0a5bd3; --warn: #9a3412; --ok: #166534; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --card: #161b22;
  --line: #30363d; --accent: #4d9bff; --warn: #fdba74; --ok: #86efac; } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); }
main { max-width: 1040px; margin: 0 auto; padding: 16px 16px 28px; }
h1 { font-size: 1.5rem; margin: 0 0 6px; overflow-wrap: anywhere; }
p { margin: 2px 0; }
.muted { color: var(--muted); }
.warn { color: var(--warn); font-weight: 600; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; margin: 10px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 8px 12px; }
.card h2, .card h3 { font-size: 1rem; margin: 0 0 4px; overflow-wrap: anywhere; }
.worlds { display: flex; flex-direction: column; gap: 8px; margin: 10px 0; }
.world { display: grid; grid-template-columns: 64px 1fr; gap: 12px; align-items: start; }
.icon { width: 64px; height: 64px; border-radius: 8px; image-rendering: pixelated; background: var(--line);
  display: flex; align-items: center; justify-content: center; font-size: 28px; font-weight: 700; }
.world-sides { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-top: 4px; }
.world-sides > div { border-left: 3px solid var(--line); padding-left: 8px; }
.choices { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 8px; margin-top: 12px; }
button { font: inherit; text-align: left; padding: 8px 12px; border-radius: 10px; cursor: pointer;
  border: 1px solid var(--line); background: var(--card); color: var(--fg); }
button strong { display: block; }
button span { color: var(--muted); font-size: 0.92rem; }
button.primary { border-color: var(--accent); }
button:hover { border-color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
fieldset { border: 0; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 6px 16px; }
legend { font-weight: 600; padding: 0; margin-bottom: 4px; }
label { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; }
input[type=radio] { width: 18px; height: 18px; }
.done { font-size: 1.25rem; margin-top: 24px; }
.keys { margin-top: 10px; font-size: 0.9rem; }
@media (max-width: 640px) {
  .sides, .world-sides { grid-template-columns: 1fr; }
  .world { grid-template-columns: 48px 1fr; }
  .icon { width: 48px; height: 48px; font-size: 20px; }
  h1 { font-size: 1.25rem; }
}
`;
