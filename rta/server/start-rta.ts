import { Coordinator, type Member } from './coordinator';
import { startAdminServer } from './admin-http';
import { startClusterPrimary, type RtaHandle } from './cluster';
import { RequestLog } from './request-log';
import type { RtaServeOptions } from './rta-options';
import { ServingProcess } from './serving-process';
import { writeAdminToken } from './admin-token';

/**
 * Starts the RTA server: one serving process here (`workers` ≤ 1), or a cluster of them, plus the
 * admin port. Resolves when it answers requests; logs go to `write` as JSON lines.
 */
export async function startRta(opts: RtaServeOptions, write: (line: string) => void): Promise<RtaHandle & { adminToken: string }> {
  const log = new RequestLog(write, opts.logSample);
  let admin: Awaited<ReturnType<typeof startAdminServer>> | null = null;
  // A fresh token per start: whoever can read the owner-only token file may reload the server.
  const token = writeAdminToken(opts.adminTokenFile);
  const startAdmin = async (c: Coordinator) => (admin = await startAdminServer(c, opts.adminPort, token)).port;
  const closeAdmin = () => new Promise<void>((resolve) => {
    if (!admin) { resolve(); return; }
    admin.server.close(() => resolve());
    admin.server.closeAllConnections();
  });
  let handle: RtaHandle;
  if (opts.workers > 1) {
    handle = await startClusterPrimary(opts, log, startAdmin);
  } else {
    let coordinator: Coordinator | null = null;
    const hooks = { metricsText: () => coordinator!.metricsText() };
    const { process: serving, port } = await ServingProcess.start(opts, log, hooks);
    const member: Member = {
      prepare: (src, n) => serving.prepare(src, n),
      commit: async () => serving.commit(),
      abort: async (e) => serving.abort(e),
      metrics: async () => serving.metrics(),
    };
    coordinator = new Coordinator(opts.source, serving.info(), () => [member], log);
    const adminPort = await startAdmin(coordinator);
    handle = { port, adminPort, coordinator, sampleIds: (n) => serving.sampleIds(n), stop: () => serving.close() };
  }
  log.event('listening', { url: `http://${opts.host}:${handle.port}/rta`, port: handle.port, adminPort: handle.adminPort, adminTokenFile: opts.adminTokenFile, workers: Math.max(1, opts.workers), deadlineMs: opts.deadlineMs, ...handle.coordinator.info });
  const stopServing = handle.stop;
  return {
    ...handle,
    adminToken: token,
    stop: async () => {
      log.event('stopping', { graceMs: opts.graceMs });
      await Promise.all([stopServing(), closeAdmin()]);
      log.event('stopped');
    },
  };
}
