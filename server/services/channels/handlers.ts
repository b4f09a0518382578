import type { Core } from '@strapi/strapi';
import { ChannelError } from '../../../src/channels/channel-error';
import { createHandlerContext, type ChannelHandler } from '../../../src/channels/handler';
import { HandlerRegistry, type HandlerDescription } from '../../../src/channels/handler-registry';
import { invalidField } from '../../../src/common/errors';

/**
 * The channel handlers this app offers: the built-in `sftp` and `local-folder`
 * (registered in the plugin's register phase) and any a developer adds from their own
 * plugin or app, also in the register phase:
 *
 *   register({ strapi }) {
 *     strapi.plugin('utilities').service('handlers').register(myHandler);
 *   }
 *
 * The registry checks each definition (a schema mistake fails start-up, not an editor's
 * save) and refuses a second handler with an id already taken.
 */
export default (_: { strapi: Core.Strapi }) => {
  const registry = new HandlerRegistry();
  return {
    /**
     * The SDK pieces a handler written in another package needs at runtime: throw
     * `new ChannelError(code, message)` for a failure a person can act on (an error of
     * another copy of the class is recognised by its name and code as well).
     */
    ChannelError,
    createHandlerContext,

    register(handler: ChannelHandler): void {
      registry.register(handler);
    },
    get(id: string): ChannelHandler | undefined {
      return registry.get(id);
    },
    has(id: string): boolean {
      return registry.has(id);
    },
    /** The handler of a request body or stored channel; 400 naming `handler` when unknown. */
    getOrFail(id: string): ChannelHandler {
      const handler = registry.get(id);
      if (!handler) {
        const known = registry.list().map((h) => h.id);
        throw invalidField(
          'handler',
          `No channel handler "${id}" is registered on this server; use one of: ${known.join(', ') || '(none)'}`,
        );
      }
      return handler;
    },
    list(): ChannelHandler[] {
      return registry.list();
    },
    /** What GET /utilities/handlers answers: JSON only (no functions). */
    describe(): HandlerDescription[] {
      return registry.describe();
    },
  };
};
