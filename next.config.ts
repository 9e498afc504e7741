import type { NextConfig } from 'next';
import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';
import { securityHeaders } from './lib/http/security-headers';

export default function nextConfig(phase: string): NextConfig {
  return {
    // gRPC and native modules run from node_modules rather than being bundled.
    serverExternalPackages: ['@grpc/grpc-js', '@grpc/proto-loader', 'better-sqlite3', 'pg', '@kubernetes/client-node', 'ws'],
    // The Hubble protos are read at run time.
    outputFileTracingIncludes: { '/**': ['./proto/**/*'] },
    poweredByHeader: false,
    reactStrictMode: true,
    typedRoutes: false,
    // Every response, pages and API alike: no framing, no sniffing, no referrer, a CSP (lib/http/security-headers.ts).
    async headers() {
      return [{ source: '/:path*', headers: securityHeaders({ dev: phase === PHASE_DEVELOPMENT_SERVER }) }];
    },
  };
}
