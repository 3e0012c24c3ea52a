// A usage or configuration error: what a command was given cannot be used (a base that is no commit, a
// setting out of range). The command says so and exits 2; it is no finding about the notice.
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
