import { spawn } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

export interface ExecRecord {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  protocol: string;
}

/**
 * The pods/exec WebSocket channel protocol (v5.channel.k8s.io, falling back to v4): channel 0
 * stdin, 1 stdout, 2 stderr, 3 the status JSON; in v5 the client's `[255, 0]` closes stdin. The
 * requested argv really runs on this machine, with the pod's `/workspace` mapped to a local directory.
 */
export class FakeKubeExec {
  private readonly server = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) =>
      protocols.has('v5.channel.k8s.io')
        ? 'v5.channel.k8s.io'
        : protocols.has('v4.channel.k8s.io')
          ? 'v4.channel.k8s.io'
          : false,
  });
  readonly records: ExecRecord[] = [];

  constructor(
    private readonly workspaceDirOf: (namespace: string, pod: string) => string | undefined,
  ) {}

  upgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    namespace: string,
    pod: string,
    query: URLSearchParams,
  ): void {
    const local = this.workspaceDirOf(namespace, pod);
    if (local === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => {
      const command = query.getAll('command');
      this.records.push({
        namespace,
        pod,
        container: query.get('container') ?? '',
        command,
        protocol: ws.protocol,
      });
      this.run(
        ws,
        command.map((word) => word.replaceAll('/workspace', local)),
        query.get('stdin') === 'true',
      );
    });
  }

  close(): void {
    for (const client of this.server.clients) {
      client.terminate();
    }
    this.server.close();
  }

  private run(ws: WebSocket, argv: string[], withStdin: boolean): void {
    const [program = 'sh', ...args] = argv;
    const child = spawn(program, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
    });
    const send = (channel: number, data: Buffer): void => {
      if (ws.readyState === ws.OPEN) {
        ws.send(Buffer.concat([Buffer.from([channel]), data]));
      }
    };
    child.stdout.on('data', (chunk: Buffer) => send(1, chunk));
    child.stderr.on('data', (chunk: Buffer) => send(2, chunk));
    child.stdin.on('error', () => undefined);
    if (!withStdin) {
      child.stdin.end();
    }
    ws.on('message', (data: Buffer) => {
      const channel = data[0];
      if (channel === 0) {
        child.stdin.write(data.subarray(1));
      } else if (channel === 255 && data[1] === 0) {
        child.stdin.end();
      }
    });
    // The client went away (deadline): the remote process is killed, as a real kubelet would.
    ws.on('close', () => {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
    });
    child.on('error', (error) => {
      send(2, Buffer.from(`exec: ${error.message}\n`));
      send(3, Buffer.from(JSON.stringify(failure(127))));
      ws.close();
    });
    child.on('close', (code) => {
      const status = code === 0 ? { metadata: {}, status: 'Success' } : failure(code ?? 137);
      send(3, Buffer.from(JSON.stringify(status)));
      ws.close();
    });
  }
}

function failure(code: number): object {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [...], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}
