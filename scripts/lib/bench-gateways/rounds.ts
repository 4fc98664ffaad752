import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { Scenario, Target } from './scenarios';

export interface Sample {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time the target's processes spent per request: unlike latency, barely moved by other load on the machine. */
  cpuMsPerRequest?: number;
}

export interface RoundSettings {
  rounds: number;
  seconds: number;
  connections: number;
  warmUpSeconds: number;
}

/** One load of one target: `connections` clients for `seconds`, every body checked for errors at the end. */
export async function load(target: Target, scenario: Scenario, seconds: number, connections: number): Promise<Sample> {
  const bodies = (Array.isArray(scenario.variables) ? scenario.variables : [scenario.variables]).map((variables) => JSON.stringify({ query: scenario.query, variables }));
  let next = 0;
  let graphqlErrors = 0;
  const cpuBefore = cpuMs(target.pids);
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...target.headers },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        onResponse: (_status, body) => {
          if (body.includes('"errors"')) graphqlErrors += 1;
        },
      },
    ],
  });
  const cpuAfter = cpuMs(target.pids);
  const cpu = cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0 ? { cpuMsPerRequest: (cpuAfter - cpuBefore) / result.requests.total } : {};
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + graphqlErrors, ...cpu };
}

/** User and system CPU time of the processes so far, from /proc (clock ticks of 10 ms). */
function cpuMs(pids: number[] | undefined): number | undefined {
  if (!pids?.length) return undefined;
  try {
    return pids.reduce((sum, pid) => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) * 10;
    }, 0);
  } catch {
    return undefined;
  }
}

/**
 * Every target of a scenario in turn, round after round, starting each round with the next
 * target, so drift in the machine's load falls on all of them alike. Samples per target.
 */
export async function alternate(scenario: Scenario, settings: RoundSettings, log: (line: string) => void): Promise<Map<string, Sample[]>> {
  const samples = new Map<string, Sample[]>(scenario.targets.map((target) => [target.name, []]));
  for (const target of scenario.targets) await load(target, scenario, settings.warmUpSeconds, settings.connections);
  for (let round = 0; round < settings.rounds; round += 1) {
    const order = scenario.targets.map((_, index) => scenario.targets[(index + round) % scenario.targets.length]!);
    for (const target of order) {
      const sample = await load(target, scenario, settings.seconds, settings.connections);
      samples.get(target.name)!.push(sample);
      log(`  round ${round + 1} ${target.name.padEnd(16)} ${sample.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${String(sample.p50).padStart(4)} ms  p99 ${String(sample.p99).padStart(4)} ms${sample.cpuMsPerRequest !== undefined ? `  cpu ${sample.cpuMsPerRequest.toFixed(2)} ms/req` : ''}${sample.errors ? `  ERRORS ${sample.errors}` : ''}`);
    }
  }
  return samples;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export interface Summary {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  cpuMsPerRequest?: number;
}

export function summarise(samples: Sample[]): Summary {
  const cpu = samples.flatMap((sample) => (sample.cpuMsPerRequest === undefined ? [] : [sample.cpuMsPerRequest]));
  return {
    ...(cpu.length ? { cpuMsPerRequest: median(cpu) } : {}),
    requestsPerSecond: median(samples.map((sample) => sample.requestsPerSecond)),
    p50: median(samples.map((sample) => sample.p50)),
    p99: median(samples.map((sample) => sample.p99)),
    errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
  };
}
