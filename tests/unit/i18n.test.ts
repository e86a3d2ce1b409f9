import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_MESSAGE } from '../../src/core/card';
import { KIND_GROUPS } from '../../src/core/settings';
import { ROOT } from '../../scripts/lib/dataset';

const messages = JSON.parse(readFileSync(join(ROOT, '_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;
const manifest = readFileSync(join(ROOT, 'manifest.json'), 'utf8');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('interface text comes from _locales', () => {
  it('every message key the code asks for exists in English', () => {
    const used = new Set<string>();
    for (const file of ['src', 'content-scripts', 'popup', 'background'].flatMap((d) => files(join(ROOT, d)))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]);
    }
    for (const key of Object.values(KIND_MESSAGE)) used.add(key);
    // Keys built from a template in the popup's kind switches.
    for (const group of KIND_GROUPS) used.add(`popupGroup_${group}`).add(`popupHighlight_${group}`);
    for (const m of manifest.matchAll(/__MSG_(\w+)__/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) expect(messages[key]?.message, key).toBeTruthy();
  });
});
