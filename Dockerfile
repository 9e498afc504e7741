# Lockstep: build the Next.js app, then run it with production dependencies only.
# Build:  docker build -t lockstep .
# Run:    docker run -p 3000:3000 -e HUBBLE_RELAY_ADDR=hubble-relay.kube-system.svc:80 lockstep

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# python3/make/g++ build better-sqlite3 from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx next build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 LOCKSTEP_DATA_DIR=/data
RUN groupadd --system --gid 10001 lockstep && useradd --system --uid 10001 --gid lockstep --home /app lockstep \
 && mkdir -p /data && chown lockstep:lockstep /data
COPY --from=build --chown=lockstep:lockstep /app/package.json /app/next.config.ts ./
COPY --from=build --chown=lockstep:lockstep /app/node_modules ./node_modules
COPY --from=build --chown=lockstep:lockstep /app/.next ./.next
COPY --from=build --chown=lockstep:lockstep /app/public ./public
COPY --from=build --chown=lockstep:lockstep /app/proto ./proto
COPY --from=build --chown=lockstep:lockstep /app/scripts/server.mjs /app/scripts/repeated-headers.mjs /app/scripts/malformed-path.mjs ./scripts/
USER 10001:10001
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# scripts/server.mjs records each request's TCP peer for the auth layer; SIGTERM closes live streams, flushes the
# ingest and the database, then exits (server/start-node.ts).
STOPSIGNAL SIGTERM
CMD ["node", "scripts/server.mjs"]
