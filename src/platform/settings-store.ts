/**
 * Settings in extension storage: `storage.sync` so they follow the reader across devices, `storage.local` where
 * sync is missing or fails. Values are sanitised on every read, so a corrupt value becomes its default.
 */
import type { Storage } from 'webextension-polyfill';
import { sanitizeSettings, SETTING_KEYS, siteOfUrl, toggleSite, type Settings } from '../core/settings';

export interface StorageApi {
  storage: Pick<Storage.Static, 'sync' | 'local' | 'onChanged'>;
}

export interface SettingsStore {
  get(): Promise<Settings>;
  set(patch: Partial<Settings>): Promise<void>;
  /** Calls back with the full settings after every change; returns the teardown. */
  watch(callback: (settings: Settings) => void): () => void;
}

export function settingsStore(api: StorageApi): SettingsStore {
  const areas = [api.storage.sync, api.storage.local].filter(Boolean);
  const read = async (): Promise<Record<string, unknown>> => {
    for (const area of areas) {
      try {
        return await area.get(SETTING_KEYS as string[]);
      } catch {
        // sync can be disabled by policy or unavailable: try the next area.
      }
    }
    return {};
  };
  return {
    get: async () => sanitizeSettings(await read()),
    async set(patch) {
      for (const area of areas) {
        try {
          await area.set(patch as Record<string, unknown>);
          return;
        } catch {
          // fall through to local
        }
      }
    },
    watch(callback) {
      const listener = (changes: Record<string, Storage.StorageChange>, areaName: string) => {
        if (areaName !== 'sync' && areaName !== 'local') return;
        if (!Object.keys(changes).some((k) => (SETTING_KEYS as string[]).includes(k))) return;
        void read().then((raw) => callback(sanitizeSettings(raw)));
      };
      api.storage.onChanged.addListener(listener);
      return () => api.storage.onChanged.removeListener(listener);
    },
  };
}

/** Turns highlights on `hostname` off where they are on, on where they are off; resolves whether they are now on. */
export async function toggleSiteIn(store: Pick<SettingsStore, 'get' | 'set'>, hostname: string): Promise<boolean> {
  const settings = await store.get();
  const on = settings.disabledSites.includes(hostname);
  await store.set({ disabledSites: toggleSite(settings, hostname, on) });
  return on;
}

/**
 * The keyboard command that switches highlights on the active tab's site. The engine of that tab answers where it
 * runs (`askEngine` resolves); on a page where the loader found nothing there is no engine, and the switch is turned
 * from the tab's address. Says which of the two happened, or 'none' for a tab that is not a web page.
 */
export async function toggleSiteCommand(
  tab: { id?: number; url?: string } | undefined,
  askEngine: (tabId: number) => Promise<unknown>,
  store: Pick<SettingsStore, 'get' | 'set'>,
): Promise<'engine' | 'address' | 'none'> {
  if (tab?.id === undefined) return 'none';
  if (await askEngine(tab.id).then(() => true, () => false)) return 'engine';
  const hostname = siteOfUrl(tab.url);
  if (!hostname) return 'none';
  await toggleSiteIn(store, hostname);
  return 'address';
}
