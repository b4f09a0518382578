/** Channels: the Strapi-free core (handler SDK, config rules, secrets, schedules, built-in handlers). */
export * from './channel-error';
export * from './handler';
export * from './handler-registry';
export * from './config-path';
export * from './config-validation';
export * from './file-pattern';
export * from './secret-sealing';
export * from './secret-config';
export * from './redact-secrets';
export * from './schedule';
export * from './lease';
export * from './handlers/file-drop';
export * from './handlers/host-key-fingerprint';
export * from './handlers/inactivity-stream';
export { SftpSession, type SftpAuth, type SftpTarget, type SftpTimeouts } from './handlers/sftp-session';
export * from './handlers/sftp';
export * from './handlers/local-folder';
