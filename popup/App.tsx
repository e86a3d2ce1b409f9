/** The popup. */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../src/core/settings';
import type { SettingsStore } from '../src/platform/settings-store';
import type { Translate } from '../src/ui/Card';

export interface AppProps {
  store: SettingsStore;
  t: Translate;
}

export function App({ store, t }: AppProps) {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void store.get().then(setSettings);
    return store.watch(setSettings);
  }, [store]);
  if (!settings) return null;
  return (
    <main>
      <h1>Backstory</h1>
      <label class="switch">
        <span>{t('popupShowHighlights')}</span>
        <input
          type="checkbox"
          role="switch"
          checked={settings.enabled}
          onChange={(e) => void store.set({ enabled: (e.currentTarget as HTMLInputElement).checked })}
        />
      </label>
      <p class="muted">{t('popupPrivacy')}</p>
    </main>
  );
}
