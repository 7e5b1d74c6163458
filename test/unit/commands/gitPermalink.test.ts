import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forgePermalink, parseForgeRemote, pickForgeRemote } from '../../../src/commands/gitPermalink';

test('parses GitHub remotes in every common form', () => {
  const expected = { kind: 'github', host: 'github.com', path: 'octo/repo' };
  for (const url of [
    'https://github.com/octo/repo.git',
    'https://github.com/octo/repo',
    'https://user@github.com/octo/repo.git',
    'https://github.com/octo/repo/',
    'git@github.com:octo/repo.git',
    'ssh://git@github.com/octo/repo.git',
    'ssh://git@github.com:22/octo/repo.git',
    'git://github.com/octo/repo.git',
  ]) {
    assert.deepEqual(parseForgeRemote(url), expected, url);
  }
});

test('parses GitLab remotes including subgroups and self-hosted instances', () => {
  assert.deepEqual(parseForgeRemote('git@gitlab.com:group/sub/repo.git'), { kind: 'gitlab', host: 'gitlab.com', path: 'group/sub/repo' });
  assert.deepEqual(parseForgeRemote('https://gitlab.example.com/team/app.git'), {
    kind: 'gitlab',
    host: 'gitlab.example.com',
    path: 'team/app',
  });
  assert.deepEqual(parseForgeRemote('ssh://git@gitlab.example.com:2222/team/app.git'), {
    kind: 'gitlab',
    host: 'gitlab.example.com',
    path: 'team/app',
  });
  // An https port is part of the web address; an ssh port is not.
  assert.equal(parseForgeRemote('https://gitlab.example.com:8443/team/app.git')?.host, 'gitlab.example.com:8443');
});

test('refuses remotes that are not GitHub/GitLab or not a repository', () => {
  for (const url of ['', 'https://bitbucket.org/o/r.git', '/srv/git/repo.git', 'file:///srv/repo', 'https://github.com/onlyowner', 'not a url']) {
    assert.equal(parseForgeRemote(url), undefined, url);
  }
});

test('prefers origin, then upstream, then any forge remote', () => {
  assert.equal(
    pickForgeRemote([
      { name: 'fork', fetchUrl: 'git@github.com:me/fork.git' },
      { name: 'upstream', fetchUrl: 'git@github.com:up/repo.git' },
      { name: 'origin', fetchUrl: 'https://bitbucket.org/x/y.git', pushUrl: 'git@github.com:me/origin.git' },
    ])?.path,
    'me/origin',
  );
  assert.equal(pickForgeRemote([{ name: 'fork', fetchUrl: 'git@github.com:me/fork.git' }, { name: 'upstream', fetchUrl: 'git@github.com:up/repo.git' }])?.path, 'up/repo');
  assert.equal(pickForgeRemote([{ name: 'origin', fetchUrl: '/local/path' }]), undefined);
});

test('formats GitHub and GitLab permalinks with their line anchors', () => {
  const sha = 'a'.repeat(40);
  const gh = { kind: 'github', host: 'github.com', path: 'o/r' } as const;
  const gl = { kind: 'gitlab', host: 'gitlab.com', path: 'g/s/r' } as const;
  assert.equal(forgePermalink(gh, sha, 'src/a.ts', 10, 20), `https://github.com/o/r/blob/${sha}/src/a.ts#L10-L20`);
  assert.equal(forgePermalink(gh, sha, 'src/a.ts', 7, 7), `https://github.com/o/r/blob/${sha}/src/a.ts#L7`);
  assert.equal(forgePermalink(gl, sha, 'src/a.ts', 10, 20), `https://gitlab.com/g/s/r/-/blob/${sha}/src/a.ts#L10-20`);
  assert.equal(forgePermalink(gl, sha, 'src/a.ts', 3, 3), `https://gitlab.com/g/s/r/-/blob/${sha}/src/a.ts#L3`);
  // Path segments are URL-encoded; separators are not; Windows separators become slashes.
  assert.equal(forgePermalink(gh, sha, 'docs\\my file#1.md', 1, 2), `https://github.com/o/r/blob/${sha}/docs/my%20file%231.md#L1-L2`);
});
