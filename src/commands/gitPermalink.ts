/**
 * Permalinks to lines at a commit on GitHub or GitLab, from a git remote URL. Pure (no vscode, no git), so every
 * remote format is unit-tested; the git extension glue only supplies the remote URLs, the commit and the path.
 */
export type ForgeKind = 'github' | 'gitlab';

export interface ForgeRepo {
  kind: ForgeKind;
  /** Host with an explicit https port if the remote had one, e.g. `github.com`, `gitlab.example.com`. */
  host: string;
  /** `owner/repo`, or `group/subgroup/repo` on GitLab. */
  path: string;
}

export interface GitRemoteLike {
  name: string;
  fetchUrl?: string;
  pushUrl?: string;
}

function forgeKind(host: string): ForgeKind | undefined {
  const lower = host.toLowerCase();
  if (lower === 'github.com' || lower.startsWith('github.') || lower.endsWith('.github.com')) return 'github';
  if (lower === 'gitlab.com' || lower.startsWith('gitlab.') || lower.endsWith('.gitlab.com')) return 'gitlab';
  return undefined;
}

function cleanRepoPath(path: string): string | undefined {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/i, '');
  const segments = trimmed.split('/').filter((s) => s.length > 0);
  if (segments.length < 2 || segments.some((s) => s === '.' || s === '..')) return undefined;
  return segments.join('/');
}

/**
 * Understands `https://host/o/r(.git)`, `https://user@host/o/r`, `ssh://git@host(:port)/o/r.git`,
 * `git@host:o/r.git` (scp-like) and `git://host/o/r`. Returns undefined for anything that is not GitHub/GitLab.
 */
export function parseForgeRemote(url: string): ForgeRepo | undefined {
  const raw = url.trim();
  if (raw.length === 0) return undefined;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(raw);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    const host = scp[1];
    const kind = forgeKind(host);
    const path = cleanRepoPath(scp[2]);
    return kind && path ? { kind, host: host.toLowerCase(), path } : undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:'].includes(parsed.protocol)) return undefined;
  const hostname = parsed.hostname.toLowerCase();
  const kind = forgeKind(hostname);
  const path = cleanRepoPath(decodeURIComponent(parsed.pathname));
  if (!kind || !path) return undefined;
  // An ssh port says nothing about the web UI's port; an https port does.
  const host = parsed.port && (parsed.protocol === 'https:' || parsed.protocol === 'http:') ? `${hostname}:${parsed.port}` : hostname;
  return { kind, host, path };
}

/** origin first, then upstream, then any other remote that points at a forge. */
export function pickForgeRemote(remotes: readonly GitRemoteLike[]): ForgeRepo | undefined {
  const rank = (name: string): number => (name === 'origin' ? 0 : name === 'upstream' ? 1 : 2);
  const ordered = [...remotes].sort((a, b) => rank(a.name) - rank(b.name));
  for (const remote of ordered) {
    for (const url of [remote.fetchUrl, remote.pushUrl]) {
      const repo = url ? parseForgeRemote(url) : undefined;
      if (repo) return repo;
    }
  }
  return undefined;
}

function encodePath(relativePath: string): string {
  return relativePath
    .split(/[\\/]+/)
    .filter((s) => s.length > 0)
    .map(encodeURIComponent)
    .join('/');
}

/**
 * `https://github.com/o/r/blob/<sha>/<path>#L10-L20` or `https://gitlab.com/g/r/-/blob/<sha>/<path>#L10-20`.
 * Lines are 1-based and inclusive; a single line gives `#L10` on both forges.
 */
export function forgePermalink(repo: ForgeRepo, commit: string, repoRelativePath: string, startLine: number, endLine: number): string {
  const base = `https://${repo.host}/${repo.path}`;
  const file = encodePath(repoRelativePath);
  const first = Math.max(1, Math.min(startLine, endLine));
  const last = Math.max(first, Math.max(startLine, endLine));
  if (repo.kind === 'github') {
    const anchor = first === last ? `#L${first}` : `#L${first}-L${last}`;
    return `${base}/blob/${commit}/${file}${anchor}`;
  }
  const anchor = first === last ? `#L${first}` : `#L${first}-${last}`;
  return `${base}/-/blob/${commit}/${file}${anchor}`;
}
