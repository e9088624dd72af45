# syntax=docker/dockerfile:1
# Workspace Execution Service image. Build: docker build -t workspace-service:<tag> .

# Build stage: all dependencies, compile TypeScript to dist/.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the compiler needs none, and the `node` devDependency's script would
# download a second Node binary that shadows the image's own one in node_modules/.bin.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json

# Runtime stage: production dependencies only, non-root, git for local session seeding, and the
# local command sandbox (bubblewrap; slirp4netns, nsenter and ip for network-enabled commands):
# without them local command tools answer 503 (docs/SANDBOX.md). The container must allow
# unprivileged user namespaces for bwrap to work as uid 1000.
FROM node:24-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates bubblewrap slirp4netns iproute2 util-linux \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    PORT=50053 \
    WORKSPACE_ROOT=/var/lib/workspace/workspaces \
    ARTIFACT_ROOT=/var/lib/workspace/artifacts
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
# The package.json "imports" map resolves #app/* to dist/libs/*/src/index.js at run time.
COPY --from=build /app/dist ./dist
# Application files stay root-owned (read-only for the service); only the data directories are
# writable. With a read-only root filesystem mount volumes at both paths (see deploy/).
RUN mkdir -p /var/lib/workspace/workspaces /var/lib/workspace/artifacts \
    && chown -R 1000:1000 /var/lib/workspace
# Numeric uid:gid (the image's `node` user) so Kubernetes runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 50053
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 50053) + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/workspace-service/src/main.js"]
