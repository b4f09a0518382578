import type { Agent } from './admin-users';

/**
 * Charge runs are charged in the background: POST /utilities/charge-runs answers 202 with
 * the run `running`, and GET /utilities/charge-runs/:id shows it until it is the draft or
 * failed. These helpers do what a client does: start, then poll the API until it ends.
 */
type Answer = { status: number; body: any };

export async function waitForRun(agent: Agent, id: string, timeoutMs = 180_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await agent.get(`/utilities/charge-runs/${id}`);
    if (res.status !== 200)
      throw new Error(`GET charge run ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.data.status !== 'running') return res.body.data;
    if (Date.now() > until) throw new Error(`charge run ${id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts a run and waits for it: `status` is the POST's (202 when started, else the
 * refusal with its body), `body.data` the run as it ended (GET), `started` the POST's run.
 */
export async function runCharges(agent: Agent, body: unknown): Promise<Answer & { started?: any }> {
  const res = await agent.post('/utilities/charge-runs', body);
  if (res.status !== 202) return { status: res.status, body: res.body };
  if (res.body.data.status !== 'running')
    throw new Error(`a started run must be running, got ${JSON.stringify(res.body.data)}`);
  const run = await waitForRun(agent, res.body.data.documentId);
  return { status: res.status, body: { data: run }, started: res.body.data };
}

/**
 * How a run ended, from runCharges: 'drafted' (a new draft), 'replaced' (it replaced the
 * draft of the same period and scope), 'failed', or the refusal's HTTP status.
 */
export const outcome = (res: Answer & { started?: any }): 'drafted' | 'replaced' | 'failed' | number => {
  if (res.status !== 202) return res.status;
  if (res.body.data.status === 'failed') return 'failed';
  if (res.body.data.status !== 'draft') throw new Error(`unexpected run status ${res.body.data.status}`);
  return res.body.data.replaced ? 'replaced' : 'drafted';
};

/** GET a run's statement of building charges (CSV), its body read whole as UTF-8 text. */
export function statementCsv(agent: Agent, runId: string) {
  return agent
    .get(`/utilities/charge-runs/${runId}/statement.csv`)
    .buffer(true)
    .parse((r, cb) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (text += c));
      r.on('end', () => cb(null, text));
    });
}
