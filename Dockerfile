# NCMP FHIR terminology server.
#   docker build -t ncmp-terminology .
#   docker run --init -p 8080:8080 ncmp-terminology                    (embedded PGlite in /app/data)
#   docker run --init -p 8080:8080 -e DATABASE_URL=postgres://... ncmp-terminology
# or `docker compose up --build` (PostgreSQL 15 beside it). Configuration: PORT, HOST, DATABASE_URL,
# PGLITE_DIR, LOG_LEVEL, PUBLIC_BASE_URL, NCMP_IMPORT_MANIFEST, MAX_BODY_BYTES (see server/config.ts).

# ---- build: the same `npm ci` + `npm run build` that `npm start` (prestart) runs ----
FROM node:20-bookworm-slim AS build
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# ---- runtime: production dependencies and the compiled server only ----
FROM node:20-bookworm-slim
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
RUN chown node:node /app
USER node
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build --chown=node:node /app/dist ./dist
# The published content (NCMP 2007–2021, the særkoder, the succession map), loaded at first start.
COPY --chown=node:node fhir-resources/package ./fhir-resources/package
# PGlite's default store (PGLITE_DIR=./data/pglite) when DATABASE_URL is not set.
RUN mkdir -p data

ENV HOST=0.0.0.0 \
    PORT=8080
EXPOSE 8080

# /health answers once the HTTP server listens (after migrations and content loading).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# What `npm start` runs after its prestart build (done above), started directly: under `npm start`
# npm and its shell would only sit between docker and node (npm start execs node so SIGTERM reaches it);
# started directly, docker stop reaches the drain server/main.ts does on SIGTERM. The node flags (heap and WebAssembly settings) are
# those of `npm start` (see "Memory" in the README; test/deploy.test.ts keeps the two the same).
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=50", "--liftoff-only", "dist/server/main.js"]
