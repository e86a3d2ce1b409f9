// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { CardModel } from '../../src/core/card';
import { SHOW_DELAY_MS } from '../../src/core/hover';
import { CardController } from '../../content-scripts/cards';

const MODEL: CardModel = {
  id: 'nato', kind: 'organisation', name: 'NATO', summary: 'Alliance.', dates: [], facts: [], related: [],
  sources: [{ title: 'T', publisher: 'P', url: 'https://www.nato.int/', accessed: '1 January 2025' }], asOf: '1 January 2025',
};

let cards: CardController | null = null;
afterEach(() => {
  cards?.destroy();
  cards = null;
  document.body.innerHTML = '';
});

function setup(lookup: (id: string) => Promise<CardModel | null>) {
  document.body.innerHTML = '<p>The <backstory-mark data-entry-id="nato">NATO</backstory-mark> summit.</p>';
  const el = document.querySelector('backstory-mark') as HTMLElement;
  cards = new CardController({ doc: document, lookup, t: (k) => k });
  cards.addGroups([{ key: '0', id: 'nato', claim: false, els: [el], focusTarget: null }]);
  return el;
}

describe('hover card', () => {
  it('fetches the card while the pointer dwells, before the intent delay ends, once', async () => {
    const asked: string[] = [];
    const el = setup(async (id) => {
      asked.push(id);
      return MODEL;
    });
    // Highlights alone put nothing of the card in the page; the first hover does, before the card opens.
    expect(document.querySelector('backstory-card')).toBeNull();
    el.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    expect(document.querySelector('backstory-card')).not.toBeNull();
    expect(asked).toEqual(['nato']);
    expect(cards!.openKey).toBeNull();
    await new Promise((r) => setTimeout(r, SHOW_DELAY_MS + 100));
    expect(cards!.openKey).toBe('0');
    const dialog = document.querySelector('backstory-card')!.shadowRoot!.querySelector('[role="dialog"]')!;
    expect(dialog.querySelector('h2')!.textContent).toBe('NATO');
    expect(asked).toEqual(['nato']);
  });

  it('lays the first card out unseen while the pointer dwells, takes it away, and shows it when the delay ends', async () => {
    const el = setup(async () => MODEL);
    el.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    await Promise.resolve();
    await Promise.resolve();
    const root = document.querySelector('backstory-card')!.shadowRoot!;
    const mount = root.querySelector('.wrap') as HTMLElement;
    // Rendered and in the layout (not display: none), but invisible: the browser lays it out in its next frame.
    expect(root.querySelector('[role="dialog"]')).not.toBeNull();
    expect(mount.hidden).toBe(false);
    expect(mount.style.visibility).toBe('hidden');
    await new Promise((r) => setTimeout(r, 150));
    expect(mount.hidden).toBe(true);
    expect(mount.style.visibility).toBe('');
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    await new Promise((r) => setTimeout(r, SHOW_DELAY_MS));
    expect(cards!.openKey).toBe('0');
    expect(mount.hidden).toBe(false);
    expect(mount.style.visibility).toBe('');
    expect(root.querySelector('[role="dialog"] h2')!.textContent).toBe('NATO');
  });

  it('makes the first mark reachable by keyboard and opens on focus', () => {
    const el = setup(async () => MODEL);
    expect(el.tabIndex).toBe(0);
    expect(el.getAttribute('role')).toBe('button');
    expect(document.querySelector('backstory-card')).toBeNull();
    el.focus();
    expect(cards!.openKey).toBe('0');
    expect(document.querySelector('backstory-card')!.shadowRoot!.querySelector('[role="dialog"]')).not.toBeNull();
    // The ring: an attribute the marks' style sheet draws (this mark has no inline style, so none is added).
    expect(el.hasAttribute('data-backstory-focus')).toBe(true);
    expect(el.hasAttribute('style')).toBe(false);
    el.blur();
    expect(el.hasAttribute('data-backstory-focus')).toBe(false);
    expect(el.getAttribute('aria-expanded')).toBe('true');
  });
});
