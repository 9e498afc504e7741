import { describe, expect, it } from 'vitest';
import { liveStreamUrl, mergeTopics, parseLiveTopics, topicsKey, MAX_LIVE_TOPICS } from './live-topics';

describe('live topics', () => {
  it('merges the topics of several tabs into one stream URL, the same whatever the order', () => {
    const a = { flows: ['webapp'], graphs: [{ namespace: 'webapp', window: '1h' as const }] };
    const b = { flows: ['blog', 'webapp'], graphs: [{ namespace: 'blog', window: '15m' as const }] };
    expect(liveStreamUrl(mergeTopics([a, b]))).toBe('/api/stream?flows=blog,webapp&graph=blog:15m,webapp:1h');
    expect(topicsKey(mergeTopics([a, b]))).toBe(topicsKey(mergeTopics([b, a])));
    expect(liveStreamUrl({ flows: [], graphs: [] })).toBe('/api/stream');
  });

  it('parses what it builds and refuses bad names, windows and too many topics', () => {
    expect(parseLiveTopics('blog,webapp', 'blog:15m')).toEqual({ topics: { flows: ['blog', 'webapp'], graphs: [{ namespace: 'blog', window: '15m' }] } });
    expect(parseLiveTopics(null, null)).toEqual({ topics: { flows: [], graphs: [] } });
    expect(parseLiveTopics('Blog', null)).toHaveProperty('error');
    // The same namespace rule as every other route (isValidNamespace): 63 characters at most, no leading dash.
    expect(parseLiveTopics('a'.repeat(63), null)).toEqual({ topics: { flows: ['a'.repeat(63)], graphs: [] } });
    expect(parseLiveTopics('a'.repeat(64), null)).toHaveProperty('error');
    expect(parseLiveTopics(null, '-blog:1h')).toHaveProperty('error');
    expect(parseLiveTopics(null, 'blog:2d')).toHaveProperty('error');
    expect(parseLiveTopics(Array.from({ length: MAX_LIVE_TOPICS + 1 }, (_, i) => `ns-${i}`).join(','), null)).toHaveProperty('error');
  });
});
