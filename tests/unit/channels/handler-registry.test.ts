import {
  assertValidHandler,
  createHandlerContext,
  createLocalFolderHandler,
  createSftpHandler,
  describeHandler,
  HandlerDefinitionError,
  HandlerRegistry,
  remainingMs,
  throwIfAborted,
  ChannelError,
  type ChannelHandler,
  type ConfigField,
} from '../../../src/channels';

function handlerWith(fields: ConfigField[], overrides: Partial<ChannelHandler> = {}): ChannelHandler {
  return {
    id: 'custom',
    name: 'Custom',
    description: 'A developer handler',
    configSchema: fields,
    capabilities: { pull: false, remoteFiles: false },
    testConnection: async () => ({ message: 'ok' }),
    listRemoteFiles: async () => [],
    openRemoteFile: async () => {
      throw new Error('no files');
    },
    ...overrides,
  };
}

describe('handler registry', () => {
  it('registers the built-in handlers and describes them as plain JSON', () => {
    const registry = new HandlerRegistry();
    registry.register(createSftpHandler());
    registry.register(createLocalFolderHandler({ allowedRoots: ['/srv/meter-drops'] }));
    expect(registry.list().map((h) => h.id)).toEqual(['local-folder', 'sftp']);
    const described = registry.describe();
    const json = JSON.parse(JSON.stringify(described));
    expect(json).toEqual(described);
    const host = described.find((h) => h.id === 'sftp')!.configSchema.find((f) => f.key === 'host')!;
    expect(host).not.toHaveProperty('check');
    expect(described.find((h) => h.id === 'sftp')!.capabilities).toEqual({ pull: true, remoteFiles: true });
  });

  it('refuses a second handler with the same id', () => {
    const registry = new HandlerRegistry();
    registry.register(createSftpHandler());
    expect(() => registry.register(createSftpHandler())).toThrow('already registered');
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.has('sftp')).toBe(true);
  });

  it.each<[string, ConfigField[], Partial<ChannelHandler>, string]>([
    ['a bad id', [], { id: 'Bad Id' }, 'id must start with a lowercase letter'],
    ['a missing function', [], { listRemoteFiles: undefined }, 'listRemoteFiles must be a function'],
    ['bad capabilities', [], { capabilities: { pull: 'yes' } as never }, 'capabilities must be'],
    [
      'a duplicate key',
      [
        { key: 'a', label: 'A', type: 'string' },
        { key: 'a', label: 'A', type: 'string' },
      ],
      {},
      'declared twice',
    ],
    ['a bad key', [{ key: 'a-b', label: 'A', type: 'string' }], {}, 'key must be an identifier'],
    ['an unknown type', [{ key: 'a', label: 'A', type: 'date' as never }], {}, 'unknown type "date"'],
    [
      'a select without options',
      [{ key: 'a', label: 'A', type: 'select', options: [] }],
      {},
      'a select needs options',
    ],
    [
      'a default outside the options',
      [{ key: 'a', label: 'A', type: 'select', options: [{ value: 'x', label: 'X' }], default: 'y' }],
      {},
      'default "y" is not one of the options',
    ],
    [
      'a condition on a later field',
      [
        { key: 'a', label: 'A', type: 'string', visibleWhen: { field: 'b', equals: ['x'] } },
        { key: 'b', label: 'B', type: 'string' },
      ],
      {},
      'must be a field declared before it',
    ],
    [
      'a condition on a value the select lacks',
      [
        { key: 'm', label: 'M', type: 'select', options: [{ value: 'x', label: 'X' }] },
        { key: 'a', label: 'A', type: 'string', visibleWhen: { field: 'm', equals: ['y'] } },
      ],
      {},
      'is not an option of "m"',
    ],
    [
      'a condition on a secret',
      [
        { key: 's', label: 'S', type: 'secret' },
        { key: 'a', label: 'A', type: 'string', visibleWhen: { field: 's', equals: ['x'] } },
      ],
      {},
      'cannot depend on a secret',
    ],
    [
      'a secret with a default',
      [{ key: 's', label: 'S', type: 'secret', default: 'x' } as never],
      {},
      'a secret cannot have a default',
    ],
    [
      'min above max',
      [{ key: 'n', label: 'N', type: 'number', min: 5, max: 1 }],
      {},
      'min is greater than max',
    ],
    [
      'a bad cron default',
      [{ key: 'c', label: 'C', type: 'cron', default: 'soon' }],
      {},
      'not a valid cron expression',
    ],
  ])('refuses a definition with %s', (_what, fields, overrides, message) => {
    expect(() => assertValidHandler(handlerWith(fields, overrides))).toThrow(HandlerDefinitionError);
    expect(() => assertValidHandler(handlerWith(fields, overrides))).toThrow(message);
  });

  it('describeHandler copies the schema (the admin cannot mutate the handler)', () => {
    const handler = handlerWith([
      { key: 'm', label: 'M', type: 'select', options: [{ value: 'x', label: 'X' }] },
    ]);
    const described = describeHandler(handler);
    (described.configSchema[0] as unknown as { options: unknown[] }).options.push({
      value: 'evil',
      label: 'Evil',
    });
    expect((handler.configSchema[0] as { options: unknown[] }).options).toHaveLength(1);
  });
});

describe('handler context', () => {
  it('aborts when the parent aborts, naming a cancellation', () => {
    const parent = new AbortController();
    const ctx = createHandlerContext({ timeoutMs: 60_000, signal: parent.signal });
    expect(() => throwIfAborted(ctx, 'listing')).not.toThrow();
    parent.abort();
    expect(ctx.signal.aborted).toBe(true);
    try {
      throwIfAborted(ctx, 'listing');
      throw new Error('expected abort');
    } catch (error) {
      expect(error).toBeInstanceOf(ChannelError);
      expect((error as ChannelError).code).toBe('aborted');
    }
  });

  it('aborts when the budget runs out, naming the budget', async () => {
    const ctx = createHandlerContext({ timeoutMs: 20 });
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    try {
      throwIfAborted(ctx, 'listing');
      throw new Error('expected abort');
    } catch (error) {
      expect((error as ChannelError).code).toBe('timeout');
      expect((error as ChannelError).message).toContain('time budget');
    }
  });

  it('computes the remaining budget from the deadline and refuses a nonsense budget', () => {
    const ctx = createHandlerContext({ timeoutMs: 1000, now: () => 5000 });
    expect(ctx.deadline).toBe(6000);
    expect(remainingMs(ctx, 5400)).toBe(600);
    expect(remainingMs(ctx, 9000)).toBe(0);
    expect(() => createHandlerContext({ timeoutMs: 0 })).toThrow(RangeError);
  });
});
