# The clustersim command line as a small container image, for the Kubernetes sweep
# (deploy/kubernetes/sweep-job.yaml) or any CI that runs containers:
#   docker build -t clustersim:0.1.0 .
#   docker run --rm -v "$PWD:/work" clustersim:0.1.0 run capacity/checkout.yaml -r 8
#
# The build stage turns this repository into the npm tarball (`npm pack`: the same file
# `npm publish` ships, and the one the package test installs); the runtime stage installs that
# tarball and nothing else (it bundles its dependencies) on Node's Alpine image, and runs as the
# image's unprivileged `node` user, given by number so Kubernetes' runAsNonRoot can verify it.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds the CLI, which needs the sources copied below.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm pack --pack-destination /tmp

FROM node:20-alpine
COPY --from=build /tmp/clustersim-*.tgz /tmp/
RUN npm install --global --ignore-scripts --no-audit --no-fund /tmp/clustersim-*.tgz \
 && rm /tmp/clustersim-*.tgz \
 && npm cache clean --force
USER 1000:1000
WORKDIR /work
ENTRYPOINT ["clustersim"]
CMD ["--help"]
