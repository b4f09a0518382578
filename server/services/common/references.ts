import type { Core } from '@strapi/strapi';

/**
 * Who still points at a record. Deleting a catalog record that something uses is
 * refused with the list of users, so an editor deactivates instead of orphaning
 * history. Each feature registers the references it creates, e.g. devices
 * register "devices tagged with this utility type".
 */
export type Reference = { label: string; count: number };
type Check = (documentId: string) => Promise<Reference | null>;

export default (_: { strapi: Core.Strapi }) => {
  const checks = new Map<string, Check[]>();
  return {
    register(uid: string, check: Check) {
      checks.set(uid, [...(checks.get(uid) ?? []), check]);
    },
    async find(uid: string, documentId: string): Promise<Reference[]> {
      const found = await Promise.all((checks.get(uid) ?? []).map((check) => check(documentId)));
      return found.filter((r): r is Reference => r !== null && r.count > 0);
    },
  };
};
