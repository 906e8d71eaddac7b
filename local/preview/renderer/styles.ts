/** Page-level CSS the product page would provide around UI Kit (ADS expects @atlaskit/css-reset-like basics). */
export const BASE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body {
  font-family: var(--ds-font-family-body, ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Ubuntu, "Helvetica Neue", sans-serif);
  font-size: 14px; line-height: 20px; color: var(--ds-text, #172B4D); background: var(--ds-surface, #FFFFFF);
  -webkit-font-smoothing: antialiased;
}
p { margin: 0; }
.fp-root { padding: 2px; }
.fp-unsupported { border: 2px dashed var(--ds-border-danger, #E34935); border-radius: 4px; padding: 8px; margin: 4px 0;
  background: var(--ds-background-danger, #FFECEB); }
.fp-unsupported-title { font: var(--ds-font-body-small, 12px/16px sans-serif); color: var(--ds-text-danger, #AE2E24); font-weight: 600; margin-bottom: 4px; }
.fp-checkbox { display: inline-flex; align-items: center; gap: 8px; cursor: pointer; padding: 2px 0; }
.fp-checkbox input { width: 14px; height: 14px; margin: 0; accent-color: var(--ds-background-selected-bold, #0C66E4); }
.fp-user { display: inline-flex; align-items: center; gap: 6px; vertical-align: middle; }
.fp-user-name { font-weight: 500; }
.fp-user-id { color: var(--ds-text-subtlest, #626F86); font: var(--ds-font-body-small, 12px/16px sans-serif); font-family: var(--ds-font-family-code, monospace); }
.fp-user-group { display: inline-flex; flex-wrap: wrap; gap: 8px; }
.fp-empty-state { margin: 48px auto; text-align: center; }
.fp-empty-state.fp-narrow { max-width: 464px; } .fp-empty-state.fp-wide { max-width: 592px; }
.fp-tab-panel { padding-top: 8px; width: 100%; }
.fp-tooltip-trigger { display: inline-block; }
.fp-code { font-family: var(--ds-font-family-code, monospace); font-size: 0.875em; background: var(--ds-background-neutral, #091E420F); border-radius: 3px; padding: 0 4px; }
.fp-code-block { font-family: var(--ds-font-family-code, monospace); font-size: 12px; background: var(--ds-surface-sunken, #F7F8F9); border-radius: 3px; padding: 8px 12px; overflow: auto; }
.fp-list { margin: 0; padding-left: 24px; }
.fp-chart { display: inline-block; }
.fp-chart .fp-axis { stroke: var(--ds-border, #091E4224); }
.fp-chart .fp-tick { fill: var(--ds-text-subtle, #44546F); font-size: 11px; }
.fp-chart .fp-donut-total { fill: var(--ds-text, #172B4D); font-size: 20px; font-weight: 650; }
.fp-chart-legend { display: flex; flex-wrap: wrap; gap: 12px; font: var(--ds-font-body-small, 12px/16px sans-serif); color: var(--ds-text-subtle, #44546F); }
.fp-chart-legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.fp-chart-note { font: var(--ds-font-body-small, 11px/16px sans-serif); color: var(--ds-text-subtlest, #626F86); font-style: italic; }
`;

export function injectCss(css: string): void {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
}
