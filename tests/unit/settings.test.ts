import { describe, expect, it } from 'vitest';
import { activeOn, DEFAULT_SETTINGS, sanitizeSettings, siteOfUrl, toggleSite } from '../../src/core/settings';
import { settingsStore, toggleSiteCommand, type StorageApi } from '../../src/platform/settings-store';

describe('sanitizeSettings: corrupt stored values fall back to their defaults', () => {
  it('gives the defaults for nothing stored, or for something that is not an object', () => {
    for (const raw of [undefined, null, {}, 42, 'yes', true, [], () => 1]) expect(sanitizeSettings(raw), String(raw)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps values of the right type', () => {
    const good = { enabled: false, disabledSites: ['example.org'], kinds: { ...DEFAULT_SETTINGS.kinds, people: false }, everyMention: true };
    expect(sanitizeSettings(good)).toEqual(good);
  });

  it('replaces each value of the wrong type by its default, keeping the others', () => {
    expect(sanitizeSettings({ enabled: 'yes', everyMention: 1, kinds: 42, disabledSites: 'example.org' })).toEqual(DEFAULT_SETTINGS);
    expect(sanitizeSettings({ enabled: 0, everyMention: true })).toEqual({ ...DEFAULT_SETTINGS, everyMention: true });
    expect(sanitizeSettings({ enabled: null, kinds: null, disabledSites: null, everyMention: null })).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps only the boolean kind switches it knows', () => {
    // As storage hands it back (parsed JSON: "__proto__" is an own key there, not the prototype).
    const s = sanitizeSettings(JSON.parse('{"kinds": {"people": false, "places": "no", "events": null, "unknown": false, "__proto__": {"claims": false}}}'));
    expect(s.kinds).toEqual({ ...DEFAULT_SETTINGS.kinds, people: false });
    expect(Object.keys(s.kinds).sort()).toEqual(Object.keys(DEFAULT_SETTINGS.kinds).sort());
  });

  it('keeps only the strings of the site list', () => {
    expect(sanitizeSettings({ disabledSites: ['a.org', 3, null, { host: 'b.org' }, 'c.org'] }).disabledSites).toEqual(['a.org', 'c.org']);
  });

  it('never shares the defaults object, so a change to one result cannot change the next', () => {
    const a = sanitizeSettings({});
    a.kinds.people = false;
    a.disabledSites.push('x.org');
    expect(sanitizeSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.kinds.people).toBe(true);
    expect(DEFAULT_SETTINGS.disabledSites).toEqual([]);
  });

  it('still decides where highlights show from sanitised values', () => {
    expect(activeOn(sanitizeSettings({ enabled: 'yes' }), 'example.org')).toBe(true);
    expect(activeOn(sanitizeSettings({ disabledSites: ['example.org'] }), 'example.org')).toBe(false);
    expect(toggleSite(sanitizeSettings({ disabledSites: 7 }), 'example.org', false)).toEqual(['example.org']);
  });
});

describe('settingsStore over corrupt storage', () => {
  const fakeStorage = (sync: Record<string, unknown>, opts: { syncFails?: boolean } = {}): StorageApi & { local: Record<string, unknown> } => {
    const local: Record<string, unknown> = {};
    const area = (data: Record<string, unknown>, fails = false) => ({
      get: async () => {
        if (fails) throw new Error('sync is off');
        return { ...data };
      },
      set: async (patch: Record<string, unknown>) => {
        if (fails) throw new Error('sync is off');
        Object.assign(data, patch);
      },
    });
    return {
      local,
      storage: {
        sync: area(sync, opts.syncFails) as never,
        local: area(local) as never,
        onChanged: { addListener() {}, removeListener() {}, hasListener: () => false } as never,
      },
    };
  };

  it('reads defaults for wrong types', async () => {
    expect(await settingsStore(fakeStorage({ enabled: 'yes', kinds: 42 })).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('falls back to local storage when sync fails', async () => {
    const api = fakeStorage({}, { syncFails: true });
    const store = settingsStore(api);
    await store.set({ enabled: false });
    expect(api.local).toEqual({ enabled: false });
    expect((await store.get()).enabled).toBe(false);
  });
});

describe('siteOfUrl: the site a tab address is about, for the per-site switch where no engine answers', () => {
  it('is the hostname of an http or https address, and nothing for other addresses', () => {
    expect(siteOfUrl('https://www.example.org/news/story?x=1#top')).toBe('www.example.org');
    expect(siteOfUrl('http://127.0.0.1:8080/quiet.html')).toBe('127.0.0.1');
    for (const url of ['chrome://extensions/', 'about:blank', 'file:///tmp/a.html', 'moz-extension://x/popup.html', 'not a url', '', undefined]) {
      expect(siteOfUrl(url), String(url)).toBeNull();
    }
  });
});

describe('the keyboard command that switches the active tab\'s site', () => {
  const memoryStore = () => {
    let settings = { ...DEFAULT_SETTINGS, disabledSites: [] as string[] };
    return {
      get: async () => settings,
      set: async (patch: Partial<typeof settings>) => void (settings = { ...settings, ...patch }),
      sites: () => settings.disabledSites,
    };
  };

  it('leaves the switch to the engine where one answers', async () => {
    const store = memoryStore();
    const asked: number[] = [];
    const how = await toggleSiteCommand({ id: 7, url: 'https://news.example/a' }, async (id) => void asked.push(id), store);
    expect(how).toBe('engine');
    expect(asked).toEqual([7]);
    expect(store.sites()).toEqual([]);
  });

  it('switches the site from the tab\'s address where no engine answers (a page the loader found quiet), and back', async () => {
    const store = memoryStore();
    const none = () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'));
    expect(await toggleSiteCommand({ id: 3, url: 'https://quiet.example/recipe' }, none, store)).toBe('address');
    expect(store.sites()).toEqual(['quiet.example']);
    expect(await toggleSiteCommand({ id: 3, url: 'https://quiet.example/other' }, none, store)).toBe('address');
    expect(store.sites()).toEqual([]);
  });

  it('does nothing on a tab that is not a web page, or without a tab', async () => {
    const store = memoryStore();
    const none = () => Promise.reject(new Error('no engine'));
    expect(await toggleSiteCommand({ id: 1, url: 'chrome://extensions/' }, none, store)).toBe('none');
    expect(await toggleSiteCommand(undefined, none, store)).toBe('none');
    expect(store.sites()).toEqual([]);
  });
});
