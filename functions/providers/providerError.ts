/** A provider's cloud could not be reached, or answered with an error of its own; `provider` says which. */
export class ProviderError<Provider extends string> extends Error {
  constructor(
    message: string,
    readonly provider: Provider,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
