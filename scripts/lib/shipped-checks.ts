/**
 * Last checks on what the build ships, on the compiled output itself (not the sources): every URL in the card data
 * is https, and the manifest asks for nothing beyond `storage`, `scripting`, and host access to the pages its content
 * script runs on anyway (docs/decisions/008-loader.md). The dataset lint checks source links already; this
 * also catches a URL that reaches the output another way (a new field, a compile step).
 */

/** Permissions the extension may ask for. Anything else is a decision to write down first. */
export const ALLOWED_PERMISSIONS = ['storage', 'scripting'];

/** A string that a browser would follow as a link: any `scheme://`, and the schemes that run or embed content. */
const URL_LIKE = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/|javascript:|data:|vbscript:|blob:)/i;

/** Paths (`a.b[2].url`) of every string in `data` that is a URL, or sits under a key named `url`, and is not https. */
export function insecureUrls(data: unknown, path = '', key = ''): string[] {
  if (typeof data === 'string') return (URL_LIKE.test(data) || /url$/i.test(key)) && !/^https:\/\/[^\s]+$/.test(data) ? [`${path}: ${data}`] : [];
  if (Array.isArray(data)) return data.flatMap((v, i) => insecureUrls(v, `${path}[${i}]`, key));
  if (data && typeof data === 'object') return Object.entries(data).flatMap(([k, v]) => insecureUrls(v, path ? `${path}.${k}` : k, k));
  return [];
}

interface ManifestPermissions {
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
}

/**
 * Problems with a built manifest's permissions: only {@link ALLOWED_PERMISSIONS}; host permissions only for pages
 * the content script is injected into already (the background injects the engine there), nothing optional.
 */
export function permissionProblems(manifest: ManifestPermissions): string[] {
  const problems: string[] = [];
  for (const p of manifest.permissions ?? []) if (!ALLOWED_PERMISSIONS.includes(p)) problems.push(`permission "${p}" is not allowed`);
  const scripted = new Set((manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []));
  for (const host of manifest.host_permissions ?? []) {
    if (!scripted.has(host)) problems.push(`host permission "${host}" is not a page the content script runs on`);
  }
  for (const key of ['optional_permissions', 'optional_host_permissions'] as const) {
    if (manifest[key]?.length) problems.push(`${key} must be empty, is ${JSON.stringify(manifest[key])}`);
  }
  return problems;
}
