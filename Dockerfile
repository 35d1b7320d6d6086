# Geiger container image: one image, every mode (`geiger collect|detector|indexer|notifier|api|start`).
# Build from the repo root:  docker build -t geiger:0.1.0 .
# Run:                       docker run --rm geiger:0.1.0 --help

# --- build: install with the lock file, compile TypeScript, keep only production dependencies ---------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied; the build runs explicitly below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY shared ./shared
COPY services ./services
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: compiled code, production node_modules, rules and dashboard; runs as the unprivileged `node` user ---
FROM node:20-slim
ENV NODE_ENV=production \
    GEIGER_DATA_DIR=/var/lib/geiger \
    KAFKAJS_NO_PARTITIONER_WARNING=1
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
# Built-in detection rules (found next to package.json) and the SOC dashboard the API serves.
COPY rules ./rules
COPY dashboards ./dashboards
RUN mkdir -p /var/lib/geiger /etc/geiger && chown -R node:node /var/lib/geiger
USER node
VOLUME ["/var/lib/geiger"]
# The API's default port (api.port / GEIGER_PORT); a collector's --listen port is chosen per deployment.
EXPOSE 7070
ENTRYPOINT ["node","bin/geiger.js"]
CMD ["--help"]
