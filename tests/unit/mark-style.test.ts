import { describe, expect, it } from 'vitest';
import { CLAIM_CSS, ENTITY_CSS, FOCUS_ATTR, markSheet } from '../../src/core/mark-style';
import { MARK_TAG } from '../../src/core/tags';

describe('the highlights\' style sheet', () => {
  const sheet = markSheet();
  const rules = sheet.split('\n');

  it('holds the same looks as the inline styles, every declaration important', () => {
    expect(rules[0]).toBe(`${MARK_TAG} { ${ENTITY_CSS} }`);
    expect(rules[1]).toBe(`${MARK_TAG}[data-claim-id] { ${CLAIM_CSS} }`);
    for (const rule of rules) {
      const declarations = rule.slice(rule.indexOf('{') + 1, rule.lastIndexOf('}')).split(';').map((d) => d.trim()).filter(Boolean);
      expect(declarations.length).toBeGreaterThan(0);
      for (const d of declarations) expect(d, d).toMatch(/!important$/);
    }
  });

  it('draws the focus ring last, so it wins over the claim rule of the same specificity', () => {
    expect(rules[rules.length - 1]).toMatch(new RegExp(`^${MARK_TAG}\\[${FOCUS_ATTR}\\] \\{ outline: 2px solid`));
  });

  it('styles nothing but our own highlights', () => {
    for (const rule of rules) expect(rule.startsWith(`${MARK_TAG} `) || rule.startsWith(`${MARK_TAG}[`)).toBe(true);
  });
});
