/**
 * The popup: glossary search, what this page mentions, its timeline, and the switches. It takes its whole
 * environment as props ({@link AppProps}), so DOM tests render it with fakes and `main.tsx` wires the browser.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CardModel } from '../src/core/card';
import { search, searchIndexOf, searchSize, type SearchIndex } from '../src/core/search';
import { activeOn, type Settings } from '../src/core/settings';
import { mergeTimeline } from '../src/core/timeline';
import type { SettingsStore } from '../src/platform/settings-store';
import type { Translate } from '../src/ui/Card';
import { CardView } from './components/CardView';
import { PageList, type PageState } from './components/PageList';
import { Results, SEARCH_ID, SearchBox } from './components/Search';
import { MainSwitches, MoreSwitches } from './components/Switches';
import { Timeline } from './components/Timeline';
import { TOGGLE_SITE_COMMAND, type CardsLoader, type CommandInfo, type PageClient, type PopupData } from './env';

export interface AppProps {
  store: SettingsStore;
  t: Translate;
  /** Loads the glossary's search documents (called once). */
  data: () => Promise<PopupData>;
  /** Loads every card (called once, after the first render with the glossary). */
  cards: CardsLoader;
  /** The active tab's content script, or null where there is no tab to ask. */
  page: PageClient | null;
  /** `browser.commands.getAll`, for the keyboard shortcut. */
  commands?: () => Promise<CommandInfo[]>;
  /** Closes the popup (window.close); called after asking the page to reveal something. */
  close?: () => void;
  /** Called once, after the first render with settings and the whole glossary (for the render measurement). */
  onReady?: () => void;
}

/** The cards: not asked for yet or on their way, here, or failed to load. */
type Cards = Record<string, CardModel> | 'loading' | 'failed';

/** A card open in the popup, and the element (by `data-key`) to give focus back to when leaving it. */
interface OpenCard {
  id: string;
  from: string | null;
}

export function App({ store, t, data, cards: loadCards, page, commands, close = () => window.close(), onReady }: AppProps) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [glossary, setGlossary] = useState<SearchIndex | null>(null);
  const [cards, setCards] = useState<Cards>('loading');
  const [glossaryFailed, setGlossaryFailed] = useState(false);
  const [pageState, setPageState] = useState<PageState>({ status: page ? 'loading' : 'unavailable' });
  const [shortcut, setShortcut] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [stack, setStack] = useState<OpenCard[]>([]);
  const [timelineExpanded, setTimelineExpanded] = useState(false);
  const focusAfterBack = useRef<string | null>(null);
  const readyReported = useRef(false);

  useEffect(() => {
    void store.get().then(setSettings);
    return store.watch(setSettings);
  }, [store]);

  useEffect(() => {
    let live = true;
    data().then(
      (d) => live && setGlossary(searchIndexOf(d.docs)),
      () => live && setGlossaryFailed(true),
    );
    return () => void (live = false);
  }, [data]);

  useEffect(() => {
    if (!page) return setPageState({ status: 'unavailable' });
    let live = true;
    page.getPage().then(
      (p) => live && setPageState({ status: 'ready', hostname: p.hostname, active: p.active, found: p.found }),
      () => live && setPageState({ status: 'unavailable' }),
    );
    // Later reports (a switch turned highlights on again, content added) replace the list; the hostname stays.
    const unwatch = page.watch?.((r) =>
      live && setPageState((prev) => (prev.status === 'ready' ? { ...prev, active: r.active, found: r.found } : prev)),
    );
    return () => {
      live = false;
      unwatch?.();
    };
  }, [page]);

  useEffect(() => {
    if (!commands) return;
    let live = true;
    commands().then(
      (list) => live && setShortcut(list.find((c) => c.name === TOGGLE_SITE_COMMAND)?.shortcut ?? ''),
      () => undefined,
    );
    return () => void (live = false);
  }, [commands]);

  useEffect(() => {
    if (readyReported.current || !settings || !glossary) return;
    readyReported.current = true;
    onReady?.();
  }, [settings, glossary, onReady]);

  // The cards (three times the glossary's size) are read once the glossary is shown, not before: parsing them
  // first measured ~20 ms of the popup's first render (docs/performance.md, "Fourth session").
  const glossaryShown = glossary !== null;
  useEffect(() => {
    if (!glossaryShown) return;
    let live = true;
    loadCards().then(
      (c) => live && setCards(c),
      () => live && setCards('failed'),
    );
    return () => void (live = false);
  }, [glossaryShown, loadCards]);

  const onSet = useCallback(
    (patch: Partial<Settings>) => {
      // Shown at once; the store's watch then confirms what storage holds.
      setSettings((s) => (s ? { ...s, ...patch } : s));
      void store.set(patch);
    },
    [store],
  );

  const open = useCallback((id: string, from: string | null) => setStack((s) => [...s, { id, from }]), []);
  const back = useCallback(() => {
    if (stack.length === 1) focusAfterBack.current = stack[0].from ?? SEARCH_ID;
    setStack(stack.slice(0, -1));
  }, [stack]);

  const reveal = useCallback(
    (id: string) => {
      if (!page) return;
      void Promise.resolve()
        .then(() => page.reveal(id))
        .catch(() => undefined)
        .then(() => close());
    },
    [page, close],
  );

  const current = stack.at(-1);

  useEffect(() => {
    if (!current) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // Escape leaves the card and goes no further (nothing else should also act on it).
      e.preventDefault();
      back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, back]);

  useEffect(() => {
    const key = focusAfterBack.current;
    if (current || key === null) return;
    focusAfterBack.current = null;
    const el = key === SEARCH_ID ? document.getElementById(SEARCH_ID) : document.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
    (el ?? document.getElementById(SEARCH_ID))?.focus();
  }, [current]);

  const hits = useMemo(() => (glossary && query.trim() ? search(glossary, query) : []), [glossary, query]);
  const cardOf = (id: string): CardModel | undefined => (typeof cards === 'object' && Object.hasOwn(cards, id) ? cards[id] : undefined);
  const hostname = pageState.status === 'ready' && pageState.hostname ? pageState.hostname : null;
  const pageOn = settings ? activeOn(settings, hostname ?? '') : true;
  const timeline = useMemo(() => {
    if (typeof cards !== 'object' || pageState.status !== 'ready' || !pageState.active) return [];
    return mergeTimeline(
      pageState.found.map((f) => f.id),
      (id) => (Object.hasOwn(cards, id) ? cards[id] : undefined),
    );
  }, [cards, pageState]);

  if (current) {
    const model = cardOf(current.id);
    return (
      <>
        <header class="top">
          <h1>{t('extName')}</h1>
        </header>
        <main>
          <CardView model={model} loading={cards === 'loading'} onBack={back} onRelated={(id) => open(id, null)} t={t} />
        </main>
      </>
    );
  }

  const searching = query.trim() !== '';
  return (
    <>
      <header class="top">
        <h1>{t('extName')}</h1>
        {settings && <MainSwitches settings={settings} onSet={onSet} t={t} hostname={hostname} />}
      </header>
      <main>
        <section class="glossary" aria-labelledby="h-glossary">
          <h2 id="h-glossary">{t('popupGlossary')}</h2>
          <SearchBox
            query={query}
            onQuery={setQuery}
            size={glossary ? searchSize(glossary) : null}
            failed={glossaryFailed}
            t={t}
          />
          {searching && glossary && <Results query={query} hits={hits} onOpen={open} t={t} />}
        </section>
        {!searching && (
          <>
            <section aria-labelledby="h-page">
              <h2 id="h-page">{t('popupOnThisPage')}</h2>
              <PageList page={pageState} on={pageOn} onReveal={reveal} t={t} />
            </section>
            {timeline.length > 0 && pageOn && (
              <section aria-labelledby="h-timeline">
                <h2 id="h-timeline">{t('popupTimeline')}</h2>
                <Timeline
                  items={timeline}
                  onOpen={open}
                  expanded={timelineExpanded}
                  onExpand={() => setTimelineExpanded(true)}
                  t={t}
                />
              </section>
            )}
            {settings && (
              <section aria-labelledby="h-settings">
                <h2 id="h-settings">{t('popupSettings')}</h2>
                <MoreSwitches settings={settings} onSet={onSet} t={t} />
                <p class="muted shortcut">
                  {shortcut === null ? null : shortcut ? t('popupShortcut', shortcut) : t('popupShortcutNone')}
                </p>
              </section>
            )}
            <p class="muted privacy">{t('popupPrivacy')}</p>
          </>
        )}
      </main>
    </>
  );
}
