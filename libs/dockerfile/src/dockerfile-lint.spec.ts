import { lintDockerfile } from './dockerfile-lint.js';
import { parseDockerfile } from './dockerfile-parser.js';
import { buildIssueReport } from './lint-issue.js';

const MULTI_STAGE = `# syntax=docker/dockerfile:1
FROM --platform=linux/amd64 golang:1.22 AS build
WORKDIR /src
RUN apt-get update && \\
    # comment inside a continuation
    apt-get install -y git
ADD . .
RUN go build -o /app ./cmd/server

from build as test
RUN curl -fsSL https://example.com/install.sh | sh
FROM scratch
COPY --from=build /app /app
FROM alpine
FROM alpine
RUN chmod -R 0777 /data
EXPOSE 8080 9090/udp 8080
ENTRYPOINT ["/app"]
CMD ["--serve"]
`;

describe('parseDockerfile', () => {
  it('should join continuation lines and number an instruction by its first line when it spans lines', () => {
    const run = parseDockerfile(MULTI_STAGE).find((instruction) =>
      instruction.args.startsWith('apt-get update'),
    );
    expect(run).toEqual({
      name: 'RUN',
      args: 'apt-get update && apt-get install -y git',
      text: 'RUN apt-get update && apt-get install -y git',
      line: 4,
    });
  });

  it('should upper-case instruction names when they are written in lower case', () => {
    expect(
      parseDockerfile('from alpine:3.20\nuser app\n').map((instruction) => instruction.name),
    ).toEqual(['FROM', 'USER']);
  });
});

describe('lintDockerfile', () => {
  it('should extract the facts of a multi-stage Dockerfile when stages refer to each other', () => {
    expect(lintDockerfile(MULTI_STAGE).facts).toEqual({
      base_images: ['golang:1.22', 'alpine'],
      stages_count: 5,
      exposed_ports: ['8080', '9090/udp'],
      user: '',
      entrypoint: '["/app"]',
      cmd: '["--serve"]',
    });
  });

  it('should report every rule with its severity and line when the Dockerfile breaks them', () => {
    const report = buildIssueReport(lintDockerfile(MULTI_STAGE).issues, 200, true);
    expect(report.issues.map(({ id, severity, line }) => [id, severity, line])).toEqual([
      ['dockerfile.pipe_to_shell', 'high', 11],
      ['dockerfile.missing_user', 'medium', 0],
      ['dockerfile.unpinned_base_image', 'medium', 14],
      ['dockerfile.unpinned_base_image', 'medium', 15],
      ['dockerfile.chmod_777', 'medium', 16],
      ['dockerfile.apt_install_recommends', 'low', 4],
      ['dockerfile.add_instead_of_copy', 'low', 7],
    ]);
    expect(report.recommendations).toEqual([
      'download scripts to a file and verify them before running',
      'run as a non-root USER',
      'pin base images to an explicit tag or digest',
      'avoid world-writable permissions',
      'use apt-get install --no-install-recommends',
      'use COPY instead of ADD for local files',
    ]);
    expect(report.issues[0]?.snippet).toBe('RUN curl -fsSL https://example.com/install.sh | sh');
  });

  it('should flag the latest tag with its own id when a base image is tagged latest', () => {
    const { issues } = lintDockerfile('FROM node:latest\nUSER node\n');
    expect(issues).toEqual([
      {
        id: 'dockerfile.unpinned_base_image_latest',
        severity: 'medium',
        line: 1,
        message: 'base image node:latest uses the latest tag',
        snippet: 'FROM node:latest',
      },
    ]);
  });

  it('should find no issue when the Dockerfile follows every rule', () => {
    const text =
      'FROM alpine:3.20@sha256:' +
      'a'.repeat(64) +
      '\nRUN apt-get install --no-install-recommends -y git\nUSER 1000\n';
    const report = buildIssueReport(lintDockerfile(text).issues, 200, true);
    expect(report).toEqual({
      issues_count: 0,
      issues: [],
      recommendations: ['no immediate issues found'],
      truncated: false,
    });
  });

  it('should cut the issues at max_issues and keep the total when there are more', () => {
    const report = buildIssueReport(lintDockerfile(MULTI_STAGE).issues, 2, false);
    expect(report).toMatchObject({ issues_count: 7, truncated: true, recommendations: [] });
    expect(report.issues).toHaveLength(2);
  });

  it('should cut snippets at 240 characters when an instruction is long', () => {
    const { issues } = lintDockerfile(`FROM alpine:3\nADD ${'x'.repeat(400)} /x\nUSER a\n`);
    expect(issues[0]?.snippet).toHaveLength(240);
  });
});
