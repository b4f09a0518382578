import type { Core } from '@strapi/strapi';
import type { FileJob } from '../../server/services/channels/channel-pulls';

/**
 * Runs `pull` with a file processor that "crashes" part-way: it marks the file's log
 * Processing, stores the first `rows` rows of the CSV through the real pipeline (whole
 * transactions commit, the open one is rolled back) and stops with an error, as a process
 * killed mid-file leaves it. The normal processor is back afterwards, so the next pull
 * resumes the file.
 */
export async function pullInterruptedAfter(strapi: Core.Strapi, rows: number, pull: () => Promise<unknown>) {
  const pulls = strapi.plugin('utilities').service('channel-pulls');
  const ingestion = strapi.plugin('utilities').service('ingestion');
  pulls.setFileProcessor(async (job: FileJob) => {
    const logRow = await strapi.db
      .connection('utilities_ingestion_logs')
      .where({ document_id: job.log.documentId })
      .first('id');
    await strapi
      .plugin('utilities')
      .service('ingestion-logs')
      .update(job.log.documentId, { status: 'Processing' });
    const { formats } = ingestion;
    const parsed = formats
      .get('csv')
      .parse(await job.open(), formats.get('csv').optionsSchema.parse({}), { timeZone: 'UTC' });
    async function* firstPart() {
      let n = 0;
      for await (const batch of parsed) {
        if (n + batch.length > rows) {
          yield batch.slice(0, rows - n);
          throw new Error('simulated crash');
        }
        n += batch.length;
        yield batch;
      }
    }
    await ingestion.ingestRows(firstPart(), { logId: Number(logRow.id) }).catch(() => undefined);
  });
  try {
    await pull();
  } finally {
    pulls.setFileProcessor((job: FileJob) => ingestion.processFile(job));
  }
}
