/** The four levels of API.md 11.4 and CONFIG.md `LOG_LEVEL`; they are also pino level names. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
