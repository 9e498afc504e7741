import { describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { observerClientConstructor } from '../hubble/proto';
import { DEMO_RELAY_OPTIONS, DEMO_RELAY_USAGE, parseDemoRelayArgs, runDemoRelayCommand } from './demo-relay-command';

// Wire objects in tests are read loosely; the translator under test does the typing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = Record<string, any>;

describe('lockstep demo-relay', () => {
  it('parses its options, with defaults', () => {
    expect(parseDemoRelayArgs([])).toEqual({
      host: '127.0.0.1', port: 4245, generator: { seed: 1, rate: 40 }, replay: undefined, lostEvents: undefined, maxSpeed: false,
    });
    expect(parseDemoRelayArgs(['--port', '0', '--rate=250', '--seed', '9', '--host', '0.0.0.0'])).toMatchObject({ host: '0.0.0.0', port: 0, generator: { seed: 9, rate: 250 } });
    expect(parseDemoRelayArgs(['--replay', 'a.json', 'b.json.gz', '--no-loop'])).toMatchObject({ generator: false, replay: { files: ['a.json', 'b.json.gz'], loop: false, shiftTimes: true } });
    expect(parseDemoRelayArgs(['--replay', 'a.json', '--generator'])).toMatchObject({ generator: { rate: 40 }, replay: { files: ['a.json'], cacheChars: 128e6 } });
    expect(parseDemoRelayArgs(['--max-speed', '--lost-events-every', '500'])).toMatchObject({ maxSpeed: true, lostEvents: { everyMs: 500 } });
  });

  it('describes every option it accepts in its usage', () => {
    for (const name of Object.keys(DEMO_RELAY_OPTIONS)) expect(DEMO_RELAY_USAGE, name).toMatch(new RegExp(`^\\s+(-\\w, )?--${name}\\b`, 'm'));
  });

  it('rejects bad options', () => {
    for (const argv of [['--port', 'x'], ['--port', '70000'], ['--rate', '0'], ['--rate', '-1'], ['--port'], ['--bogus'], ['stray.json']]) {
      expect(parseDemoRelayArgs(argv), argv.join(' ')).toHaveProperty('error');
    }
  });

  it('serves until told to stop, printing its address', async () => {
    const out: string[] = [];
    let stop!: () => void;
    const stopSignal = new Promise<void>((resolve) => (stop = resolve));
    const running = runDemoRelayCommand(['--port', '0', '--rate', '100'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t), stopSignal });
    while (!out.join('').includes('listening')) await new Promise((r) => setTimeout(r, 10));
    const address = /listening on (\S+):/.exec(out.join(''))![1];
    const Observer = observerClientConstructor();
    const client = new Observer(address, grpc.credentials.createInsecure()) as grpc.Client & Wire;
    const status = await new Promise<Wire>((resolve, reject) => client.ServerStatus({}, (e: Error | null, r: Wire) => (e ? reject(e) : resolve(r))));
    expect(status.num_connected_nodes).toEqual({ value: 3 });
    client.close();
    stop();
    expect(await running).toBe(0);
    expect(out.join('')).toMatch(/homelab generator \(100 flows\/s, seed 1\).*\n.*hubble observe --server 127\.0\.0\.1:\d+[\s\S]*demo relay stopped/);
  });

  it('prints usage for --help and exits 2 on errors', async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), stopSignal: Promise.resolve() };
    expect(await runDemoRelayCommand(['--help'], io)).toBe(0);
    expect(await runDemoRelayCommand(['--rate', '-1'], io)).toBe(2);
    expect(out.join('')).toMatch(/usage: lockstep demo-relay[\s\S]*--rate must be/);
  });
});
