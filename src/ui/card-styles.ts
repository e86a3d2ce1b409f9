/**
 * Card styles, shared by the hover card's shadow root and the popup. Colours meet WCAG AA in light and dark.
 * Inside a shadow root, `:host` is reset so page CSS cannot reach in.
 */
export const CARD_CSS = `
.card {
  --bg: #ffffff; --fg: #1b1b1f; --muted: #55555f; --line: #d9d9e0; --accent: #8a5a00; --link: #0b57d0;
  --claim: #6b3fc4;
  box-sizing: border-box; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  text-align: left; letter-spacing: normal; text-transform: none; font-style: normal; font-weight: 400;
  border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.18);
  padding: 12px 14px; overflow: auto; overscroll-behavior: contain;
}
.card:focus { outline: none; }
.card:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
.card .head { display: flex; align-items: flex-start; gap: 8px; }
.card .titles { flex: 1; min-width: 0; }
.card h2 { font-size: 17px; line-height: 1.25; margin: 0; font-weight: 650; }
.card .kind { margin: 2px 0 0; color: var(--muted); font-size: 12.5px; }
.card h3 { font-size: 11.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 10px 0 4px; font-weight: 650; }
.card p { margin: 6px 0; }
.card .summary { margin-top: 8px; }
.card.kind-claim h2 { color: var(--claim); }
.card .record { border-left: 3px solid var(--claim); padding-left: 8px; }
.card dl.facts { margin: 0; }
.card .fact { display: grid; grid-template-columns: minmax(80px, 34%) 1fr; gap: 8px; padding: 2px 0; }
.card dt { color: var(--muted); }
.card dd { margin: 0; }
.card .note { color: var(--muted); font-style: italic; }
.card ul.dates, .card ol.sources { margin: 0; padding-left: 18px; }
.card ul.dates li, .card ol.sources li { margin: 2px 0; }
.card time { font-variant-numeric: tabular-nums; font-weight: 600; }
.card sup.src { color: var(--muted); font-size: 10px; margin-left: 2px; }
.card a { color: var(--link); text-decoration: underline; text-underline-offset: 2px; }
.card a:focus-visible, .card button:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; border-radius: 3px; }
.card .publisher { color: var(--muted); }
.card .asof { margin-top: 10px; padding-top: 6px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
.card button.close { all: unset; cursor: pointer; font-size: 20px; line-height: 1; width: 28px; height: 28px; text-align: center; border-radius: 6px; color: var(--muted); }
.card button.close:hover { background: rgba(127,127,127,.15); }
.card button.link { all: unset; cursor: pointer; color: var(--link); text-decoration: underline; }
.card .loading { color: var(--muted); margin: 0; }
@media (prefers-color-scheme: dark) {
  .card { --bg: #1f1f24; --fg: #ececf1; --muted: #a9a9b6; --line: #3a3a44; --link: #8ab4ff; --claim: #b79cff; box-shadow: 0 6px 24px rgba(0,0,0,.5); }
}
`;
