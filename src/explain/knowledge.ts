import type { MetricKind, Resource } from './metricKind';
import type { Shape } from './types';

/**
 * What an SRE suspects and checks first, by metric kind and deviation shape: the triage table behind the
 * template explanation (and the hints handed to an LLM). Entries are ordered most likely / cheapest first.
 */
export interface Triage {
  causes: string[];
  actions: string[];
}

type Key = MetricKind | Resource;

const BY_KIND: Record<Key, Partial<Record<Shape, Triage>> & { default: Triage }> = {
  latency: {
    spike: {
      causes: [
        'a burst of slow requests: GC or stop-the-world pause, lock contention, a slow downstream call, a cold cache',
        'CPU throttling or a noisy neighbour on the host',
      ],
      actions: [
        'open traces or slow-request logs for the peak minute and find the slow span',
        'compare with the latency of the downstream services and databases it calls',
        'check GC pauses and CPU throttling of the pods at that time',
      ],
    },
    level_shift: {
      causes: [
        'a deploy, feature flag or config change that made requests slower',
        'a new or slower dependency (database plan change, lost index, cache miss rate up)',
      ],
      actions: [
        'compare the start time with deploys and config changes; roll back if one matches',
        'break latency down by endpoint and by instance to see what got slower',
        'check the cache hit rate and slow queries of the database',
      ],
    },
    drift: {
      causes: [
        'a growing queue or backlog (load slowly above capacity)',
        'a resource leak (memory, connections, file handles) or data growth making queries slower',
      ],
      actions: [
        'check utilisation and queue lengths of the service and its dependencies',
        'look for memory or connection-pool growth since the start',
        'plan capacity or restart as a stop-gap while the leak is found',
      ],
    },
    variance_change: {
      causes: [
        'intermittent slowness: one bad instance behind the load balancer, retries and timeouts',
        'contention that comes and goes (batch jobs, cron, noisy neighbours)',
      ],
      actions: [
        'split latency by instance and find the outlier',
        'check timeout and retry counters',
        'check scheduled jobs running at that time',
      ],
    },
    seasonal_break: {
      causes: ['the usual daily load pattern changed (traffic moved, a batch job did not run)'],
      actions: [
        'compare traffic with the same time on earlier days',
        'check that scheduled jobs and clients ran as usual',
      ],
    },
    default: {
      causes: ['a change in the service or a dependency making requests slower or faster than usual'],
      actions: ['check traces for the anomalous window', 'compare with deploys and dependency latency'],
    },
  },
  errors: {
    spike: {
      causes: [
        'a short failure of a dependency (database, cache, external API) or the network',
        'a bad batch of requests (one client, malformed input)',
        'a restart or rollout that dropped in-flight requests',
      ],
      actions: [
        'read the error logs of the peak minute and group them by message',
        'check the health of the dependencies at that time',
        'check pod restarts and rollouts around the start',
      ],
    },
    level_shift: {
      causes: [
        'a bad deploy or config change',
        'a dependency that is down or rejects the service (expired credentials or certificate, quota exhausted)',
      ],
      actions: [
        'compare the start with deploys and config changes; roll back if one matches',
        'group errors by status code, endpoint and message',
        'check credentials, certificates and quotas of the failing dependency',
      ],
    },
    drift: {
      causes: [
        'a slowly failing resource (disk filling, connection pool exhausting, memory pressure)',
        'rising timeouts under growing load',
      ],
      actions: ['check saturation of the service and its dependencies', 'check timeouts versus latency'],
    },
    dip: {
      causes: ['fewer requests (errors follow traffic) or a fix that took effect'],
      actions: ['confirm that traffic is normal; a drop in errors with a drop in traffic may hide an outage upstream'],
    },
    default: {
      causes: ['requests failing more (or less) than usual'],
      actions: ['group errors by status, endpoint and message', 'check recent deploys and dependency health'],
    },
  },
  traffic: {
    spike: {
      causes: [
        'a retry storm after errors or timeouts elsewhere',
        'a client burst, a crawler or bot, a batch or cron job',
        'a load test or marketing event',
      ],
      actions: [
        'break requests down by client, endpoint and user agent',
        'check error and timeout rates of the callers (retries)',
        'check the scheduled jobs at that time',
      ],
    },
    dip: {
      causes: [
        'an outage upstream: clients, load balancer, DNS or network cannot reach the service',
        'a routing or config change sending traffic elsewhere',
        'the scrape failed or the exporter restarted (a counter reset)',
      ],
      actions: [
        'check the upstream load balancer and ingress metrics for the same window',
        'check that the scrape target was up (`up` metric) and for counter resets',
        'check synthetic checks or client-side error rates',
      ],
    },
    level_shift: {
      causes: [
        'traffic moved: a new client or feature, a release that changed call patterns, a failover',
        'a routing or autoscaling change',
      ],
      actions: [
        'compare the start with releases on the calling side and routing changes',
        'break down by client and endpoint to see which calls changed',
      ],
    },
    drift: {
      causes: ['organic growth or decline, a gradual rollout shifting traffic'],
      actions: ['compare with the same period last week', 'check capacity headroom if it keeps rising'],
    },
    seasonal_break: {
      causes: [
        'the usual daily or weekly pattern did not happen: a client or integration is down, a scheduled job did not run, a holiday',
      ],
      actions: [
        'compare with the same time yesterday and last week per client',
        'check the scheduled jobs and integrations that normally cause the pattern',
      ],
    },
    flat_line: {
      causes: ['the metric stopped moving: the exporter or scrape is stuck, or the process stopped counting'],
      actions: [
        'check the `up` metric and the scrape errors of the target',
        'check that the process is alive and serving',
      ],
    },
    default: {
      causes: ['the amount of work the service receives changed'],
      actions: ['break down by client and endpoint', 'check upstream and scheduled jobs'],
    },
  },
  saturation: {
    default: {
      causes: ['a resource running hotter or colder than usual'],
      actions: ['check which process or container uses the resource', 'compare with traffic: does load explain it?'],
    },
  },
  cpu: {
    spike: {
      causes: ['a burst of work: traffic spike, batch job, GC storm, a hot loop after a bad input'],
      actions: [
        'profile the process for the peak window (CPU profile, top threads)',
        'compare with traffic and GC metrics',
      ],
    },
    level_shift: {
      causes: [
        'a deploy that made the code more expensive',
        'fewer instances sharing the same load (scale-down, failed pods)',
      ],
      actions: ['compare with deploys and the instance count', 'compare CPU per request before and after'],
    },
    drift: {
      causes: ['growing load or data, or a leak making work more expensive over time'],
      actions: ['compare CPU per request over time', 'check memory and GC, which often drive CPU up'],
    },
    default: {
      causes: ['the CPU demand changed'],
      actions: ['compare with traffic and deploys', 'check throttling and limits'],
    },
  },
  memory: {
    drift: {
      causes: ['a memory leak (caches without bounds, unreleased buffers or connections)'],
      actions: [
        'take a heap profile now and compare with an earlier one',
        'check when the process last restarted; plan a restart before the limit',
        'look for the deploy that introduced the growth',
      ],
    },
    level_shift: {
      causes: ['a deploy or config change (cache size, batch size)', 'a larger working set after a data change'],
      actions: ['compare with deploys and config changes', 'check the memory limit and OOM kills'],
    },
    spike: {
      causes: ['a large request or batch loaded into memory'],
      actions: ['find the request or job active at the peak', 'check for OOM kills right after'],
    },
    dip: {
      causes: ['the process restarted (OOM kill or rollout) and lost its caches'],
      actions: ['check restarts and OOM kills at that time'],
    },
    default: {
      causes: ['memory use changed'],
      actions: ['check restarts, OOM kills and heap profiles'],
    },
  },
  disk: {
    drift: {
      causes: ['the disk is filling: logs, data growth, retention or compaction not keeping up'],
      actions: [
        'estimate when it will be full at this rate',
        'find the largest growing directories; check log rotation and retention',
      ],
    },
    spike: {
      causes: ['a burst of writes or reads: backup, compaction, a large query'],
      actions: ['find the job or query active at the peak', 'check I/O wait and latency of the services on the host'],
    },
    default: {
      causes: ['disk use or I/O changed'],
      actions: ['check backups, compaction and retention jobs', 'check free space and I/O wait'],
    },
  },
  queue: {
    level_shift: {
      causes: ['consumers stopped or slowed down (crashed workers, a stuck partition, a slow downstream)'],
      actions: [
        'check that consumers are running and their processing rate',
        'check the downstream the consumers write to',
      ],
    },
    drift: {
      causes: ['producers outpace consumers: the backlog grows steadily'],
      actions: ['compare produce and consume rates', 'scale consumers or shed load before the queue is full'],
    },
    spike: {
      causes: ['a burst of work enqueued at once (batch, replay, retries)'],
      actions: ['check what produced the burst', 'watch that the backlog drains'],
    },
    flat_line: {
      causes: ['the queue depth stopped changing: consumers and producers both stuck, or the exporter is stuck'],
      actions: ['check that both sides are alive', 'check the exporter and the scrape'],
    },
    default: {
      causes: ['the backlog changed'],
      actions: ['compare produce and consume rates', 'check the consumers'],
    },
  },
  other: {
    default: {
      causes: ['the series changed in a way its own history does not explain'],
      actions: [
        'compare the start with deploys, config changes and incidents',
        'check related series of the same service',
      ],
    },
  },
};

/** Shape-specific advice that applies to every metric kind, used when the kind has no entry for the shape. */
const BY_SHAPE: Partial<Record<Shape, Triage>> = {
  flat_line: {
    causes: ['the metric stopped changing: a stuck exporter or scrape, a hung process, or a stale value'],
    actions: ['check the `up` metric and scrape errors of the target', 'check that the process is alive'],
  },
  variance_change: {
    causes: ['unstable behaviour: flapping instances, retries and timeouts oscillating, a noisy neighbour'],
    actions: ['split the series by instance and find the unstable one', 'check timeouts, retries and restarts'],
  },
  seasonal_break: {
    causes: ['the usual daily or weekly pattern did not happen'],
    actions: [
      'compare with the same time yesterday and last week',
      'check the scheduled jobs and clients behind the pattern',
    ],
  },
};

/**
 * Suspected causes and first checks for a metric kind (with its resource for saturation) and a shape: the
 * resource's entry for the shape, else the kind's, else the shape's generic entry, else the resource's (or the
 * kind's) default.
 */
export function triage(kind: MetricKind, resource: Resource | undefined, shape: Shape): Triage {
  const tables = [resource ? BY_KIND[resource] : undefined, BY_KIND[kind]].filter(Boolean) as Array<
    (typeof BY_KIND)[Key]
  >;
  for (const table of tables) {
    if (table[shape]) {
      return table[shape]!;
    }
  }
  if (BY_SHAPE[shape]) {
    return BY_SHAPE[shape]!;
  }
  return tables[0].default;
}
