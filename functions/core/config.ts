/** The one place that reads configuration from the environment. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Returns the variable, or throws naming it: a missing setting must fail loudly. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new ConfigError(`Missing required environment variable ${name}`);
  }
  return value;
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}
