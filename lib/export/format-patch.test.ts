import { describe, expect, it } from 'vitest';
import { source } from '../policy/testdata/source';
import { formatPatch, gitFileDiff } from './format-patch';

const DATE = Date.UTC(2026, 10, 1, 10, 0, 0);

describe('formatPatch', () => {
  it('writes a new file as git does', () => {
    expect(gitFileDiff({ path: 'apps/x/p.yaml', oldText: undefined, newText: 'a: 1\nb: 2\n', summary: [] }, () => 'f'.repeat(40))).toBe(source`
      diff --git a/apps/x/p.yaml b/apps/x/p.yaml
      new file mode 100644
      index 0000000000000000000000000000000000000000..ffffffffffffffffffffffffffffffffffffffff
      --- /dev/null
      +++ b/apps/x/p.yaml
      @@ -0,0 +1,2 @@
      +a: 1
      +b: 2
    `);
  });

  it('marks a last line without newline, on either side', () => {
    const diff = gitFileDiff({ path: 'p.yaml', oldText: 'a: 1\nb: 2', newText: 'a: 1\nb: 2\nc: 3\n', summary: [] });
    expect(diff).toBe(source`
      diff --git a/p.yaml b/p.yaml
      --- a/p.yaml
      +++ b/p.yaml
      @@ -1,2 +1,3 @@
       a: 1
      -b: 2
      \ No newline at end of file
      +b: 2
      +c: 3
    `);
  });

  it('is an mbox mail: From line, headers, message, diffstat, diffs, signature', () => {
    const patch = formatPatch([{ path: 'p.yaml', oldText: 'a: 1\n', newText: 'a: 2\n', summary: [] }], { message: 'lockstep(x): allow 1\n\nFrom the review.\n- one', date: DATE });
    expect(patch).toBe(source`
      From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
      From: Lockstep <lockstep@localhost>
      Date: Sun, 1 Nov 2026 10:00:00 +0000
      Subject: [PATCH] lockstep(x): allow 1

      >From the review.
      - one
      ---
       p.yaml | 2 +-
       1 file changed, 1 insertion(+), 1 deletion(-)

      diff --git a/p.yaml b/p.yaml
      --- a/p.yaml
      +++ b/p.yaml
      @@ -1,1 +1,1 @@
      -a: 1
      +a: 2
      -- 
      Lockstep

    `);
  });
});
