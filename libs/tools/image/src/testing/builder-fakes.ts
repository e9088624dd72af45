import type { FakeResponse } from '#app/testing';

export const BUILT_DIGEST = `sha256:${'4f'.repeat(32)}`;

export const DOCKERFILE = `FROM node:latest
ADD . /app
RUN npm ci
CMD ["node", "server.js"]
`;

/** A builder whose `version` works and whose other subcommands print `output` and exit `exitCode`. */
export function workingBuilder(output: string, exitCode = 0): FakeResponse[] {
  return [
    { when: 'version', output: 'Version: 5.0.0' },
    { output, exitCode },
  ];
}

/** A builder that is installed but cannot run (its `version` fails, like docker without a daemon). */
export const BROKEN_BUILDER: FakeResponse[] = [
  { output: 'Cannot connect to the daemon', exitCode: 1 },
];

/** What rootless podman/buildah print inside an unprivileged sandbox. */
export const USER_NAMESPACE_ERROR = [
  'ERRO[0000] running `/usr/bin/newuidmap 4242 0 1000 1`: newuidmap: write to uid_map failed: Operation not permitted',
  'Error: cannot set up namespace using "/usr/bin/newuidmap": exit status 1',
  'error running container: error from /usr/bin/crun creating container for [/bin/sh -c npm ci]: cannot clone: Operation not permitted',
  'Error: building at STEP "RUN npm ci": (unable to determine exit status)',
].join('\n');

/** Real programs the image tools need besides the builders. */
export const LINKED_PROGRAMS = ['cat'];
