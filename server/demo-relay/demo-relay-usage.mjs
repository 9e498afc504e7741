// `lockstep demo-relay --help`, in plain JavaScript: bin/lockstep.mjs prints it without starting TypeScript (tsx).

export const DEMO_RELAY_USAGE = `usage: lockstep demo-relay [--port 4245] [--host 127.0.0.1] [--rate 40] [--seed 1]
                           [--replay capture.json ...] [--generator] [--no-loop] [--no-shift] [--speed 1]
                           [--lost-events-every ms] [--max-speed]

  --port N        listen port (0 = any free port); default 4245
  --host H        listen address; default 127.0.0.1
  --rate N        generated flows per second; default 40
  --seed N        generator seed; default 1
  --replay F ...  replay hubble observe -o jsonpb / exporter files (gzip ok) instead of generating
  --generator     with --replay: generate as well
  --no-loop       play the captures once (looping, captures up to 128 MB play from memory after the first
                  pass: about 5 times their size)
  --no-shift      keep the captures' timestamps (default: rewritten to the play time)
  --speed N       capture playback speed; default 1
  --lost-events-every MS  inject lost_events into follow streams
  --max-speed     benchmark mode: follow streams get flows as fast as they read
  -h, --help      this text`;
