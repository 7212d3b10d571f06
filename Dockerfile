# One image for every role of migfed; the container's ROLE picks what it runs:
#   ROLE=gateway   the secretariat's gateway (/graphql, /explorer, /reports)
#   ROLE=registry  the secretariat's registry subgraph (members, catalog)
#   ROLE=country   one member's subgraph (with COUNTRY=MDA …)
#   ROLE=provider  an international provider's subgraph (with PROVIDER=unhcr or undesa)
# Every other setting comes from the role's own environment variables (see the package READMEs);
# infra/deploy/*.compose.yaml show a member node and the secretariat.
FROM node:20.19-bookworm-slim

ENV NODE_ENV=production \
    APOLLO_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0
WORKDIR /app

# The pnpm version pinned in package.json; a global install, since corepack's signature check fails
# on some networks.
RUN npm install -g pnpm@12.4.2 && npm cache clean --force

# Manifests first, so a code change does not re-run the install.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY patches ./patches
COPY schema/package.json schema/
COPY gateway/package.json gateway/
COPY subgraphs/kit/package.json subgraphs/kit/
COPY subgraphs/registry/package.json subgraphs/registry/
COPY subgraphs/country/package.json subgraphs/country/
COPY subgraphs/provider/package.json subgraphs/provider/
COPY infra/demo/package.json infra/demo/
COPY infra/cli/package.json infra/cli/
COPY tests/package.json tests/
COPY bench/package.json bench/
RUN pnpm install --frozen-lockfile

COPY . .
# The explorer bundle is built now, not at the first start of the gateway; the gateway builds the
# small /reports bundle next to it at start, so the folder belongs to the user it runs as.
RUN pnpm --filter @migfed/gateway run build:explorer && chown -R node:node gateway/dist

# Runs as the unprivileged `node` user; an embedded database (no DATABASE_URL) lives in /data.
RUN mkdir -p /data && chown node:node /data
ENV DATA_DIR=/data
USER node
EXPOSE 4000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "infra/deploy/probe.mjs", "/ready"]
ENTRYPOINT ["node", "infra/deploy/start.mjs"]
