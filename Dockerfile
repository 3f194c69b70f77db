# NCMP FHIR terminology server.
#   docker build -t ncmp-terminology .
#   docker run --init -p 8080:8080 ncmp-terminology                    (embedded PGlite in /app/data)
#   docker run --init -p 8080:8080 -e DATABASE_URL=postgres://... ncmp-terminology
# or `docker compose up` (PostgreSQL 15 beside it). Configuration: PORT, HOST, DATABASE_URL,
# PGLITE_DIR, LOG_LEVEL, PUBLIC_BASE_URL, NCMP_IMPORT_MANIFEST, MAX_BODY_BYTES (see server/config.ts).
FROM node:20-bookworm-slim

ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, so the layer is reused while only the source changes. Dev dependencies stay:
# `npm start` runs `prestart` (npm run build), which needs TypeScript.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci

COPY --chown=node:node . .
# Build now so a broken build fails the image, not the first start.
RUN npm run build && mkdir -p data

ENV HOST=0.0.0.0 \
    PORT=8080
EXPOSE 8080

# /health answers as soon as the HTTP server listens (after migrations and content loading;
# the start period covers the prestart build too).
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The same start path as on a developer machine: `npm start` (prestart build, then node
# dist/server/main.js). npm passes SIGTERM on; the server drains its requests and closes the database.
CMD ["npm", "start"]
