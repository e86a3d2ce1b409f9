/**
 * The switches: native checkboxes with role="switch", each named after what it does. They write through the
 * settings store; content scripts watch storage, so every change applies to open pages at once.
 */
import { KIND_GROUPS, toggleSite, type KindGroup, type Settings } from '../../src/core/settings';
import type { Translate } from '../../src/ui/Card';

interface SwitchProps {
  /** Visible label; also the accessible name unless `name` is given. */
  label: string;
  /** Accessible name when the visible label alone would not say what the switch does ("People"). */
  name?: string;
  checked: boolean;
  disabled?: boolean;
  /** Id of an element describing the switch (the hostname, or why it is disabled). */
  describedBy?: string;
  onChange: (on: boolean) => void;
}

function Switch({ label, name, checked, disabled, describedBy, onChange }: SwitchProps) {
  return (
    <label class={`switch${disabled ? ' disabled' : ''}`}>
      <span class="switch-label">{label}</span>
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={disabled}
        aria-label={name}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
    </label>
  );
}

export interface SwitchesProps {
  settings: Settings;
  /** Writes a change; the popup shows it at once and the store's watch confirms it. */
  onSet: (patch: Partial<Settings>) => void;
  t: Translate;
}

/** The two switches a reader reaches for first: everywhere, and this site. */
export function MainSwitches({ settings, onSet, t, hostname }: SwitchesProps & { hostname: string | null }) {
  return (
    <div class="switches main-switches">
      <Switch label={t('popupShowHighlights')} checked={settings.enabled} onChange={(on) => onSet({ enabled: on })} />
      <Switch
        label={t('popupThisSite')}
        checked={hostname !== null && !settings.disabledSites.includes(hostname)}
        disabled={hostname === null}
        describedBy="site-host"
        onChange={(on) => hostname !== null && onSet({ disabledSites: toggleSite(settings, hostname, on) })}
      />
      <p id="site-host" class="host muted">
        {hostname ?? t('popupNoSite')}
      </p>
    </div>
  );
}

/** What to highlight, per kind group, and every mention or the first only. */
export function MoreSwitches({ settings, onSet, t }: SwitchesProps) {
  const setKind = (group: KindGroup, on: boolean) => onSet({ kinds: { ...settings.kinds, [group]: on } });
  return (
    <div class="switches">
      <fieldset>
        <legend>{t('popupKinds')}</legend>
        {KIND_GROUPS.map((group) => (
          <Switch
            key={group}
            label={t(`popupGroup_${group}`)}
            name={t(`popupHighlight_${group}`)}
            checked={settings.kinds[group]}
            onChange={(on) => setKind(group, on)}
          />
        ))}
      </fieldset>
      <Switch label={t('popupEveryMention')} checked={settings.everyMention} onChange={(on) => onSet({ everyMention: on })} />
    </div>
  );
}
