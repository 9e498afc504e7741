/**
 * The limit for `bench:server`: a bare grpc-js client reading the relay's GetFlows stream without decoding the
 * messages (the deserializer returns the bytes as they are). Everything the server does on top of this costs
 * throughput; the ratio server ÷ this is what Lockstep keeps of what grpc-js itself can receive.
 * Run as its own process (like the server) so that it gets a core of its own:
 *
 *   node --import tsx bench/grpc-limit.ts <host:port> <seconds>   → prints {"messages":…, "seconds":…, "perSecond":…}
 */
import * as grpc from '@grpc/grpc-js';

/** Reads `address` for `seconds` (after the first message) and resolves with messages per second. */
export function measureGrpcLimit(address: string, seconds: number): Promise<{ messages: number; seconds: number; perSecond: number }> {
  // The same channel options as the server's relay client (a 4 MiB flow-control window), so only decoding differs.
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
    'grpc-node.flow_control_window': 4 * 1024 * 1024,
  });
  // GetFlowsRequest { follow: true }: field 3, varint 1.
  const request = Buffer.from([0x18, 0x01]);
  const call = client.makeServerStreamRequest<Buffer, Buffer>('/observer.Observer/GetFlows', (b) => b, (b) => b, request);
  let messages = 0;
  let started = 0;
  return new Promise((resolve, reject) => {
    call.on('data', () => {
      if (messages++ === 0) {
        started = performance.now();
        setTimeout(() => {
          const elapsed = (performance.now() - started) / 1000;
          call.cancel();
          client.close();
          resolve({ messages, seconds: +elapsed.toFixed(2), perSecond: Math.round(messages / elapsed) });
        }, seconds * 1000);
      }
    });
    call.on('error', (error: grpc.ServiceError) => {
      if (error.code !== grpc.status.CANCELLED) reject(error);
    });
  });
}

if (require.main === module) {
  const [address, seconds] = process.argv.slice(2);
  void measureGrpcLimit(address, Number(seconds ?? 10)).then((r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.exit(0);
  });
}
