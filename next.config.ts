import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // gRPC and native modules run from node_modules rather than being bundled.
  serverExternalPackages: ['@grpc/grpc-js', '@grpc/proto-loader', 'better-sqlite3', 'pg', '@kubernetes/client-node', 'ws'],
  // The Hubble protos are read at run time.
  outputFileTracingIncludes: { '/**': ['./proto/**/*'] },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
