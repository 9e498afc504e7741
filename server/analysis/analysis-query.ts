import 'server-only';

/** Query of the analysis endpoints: `?exclude=id,id&evidence=0&fqdnPatterns=1`. */
export interface AnalysisQuery {
  excluded: Set<string>;
  evidenceComments: boolean;
  fqdnPatterns: boolean;
}

export function parseAnalysisQuery(params: URLSearchParams): AnalysisQuery {
  const excluded = new Set(
    params
      .getAll('exclude')
      .flatMap((v) => v.split(','))
      .map((s) => s.trim())
      .filter((s) => /^[A-Za-z0-9_-]{1,64}$/.test(s)),
  );
  const flag = (name: string, fallback: boolean) => {
    const v = params.get(name);
    return v === null ? fallback : v === '1' || v === 'true';
  };
  return { excluded, evidenceComments: flag('evidence', true), fqdnPatterns: flag('fqdnPatterns', false) };
}
