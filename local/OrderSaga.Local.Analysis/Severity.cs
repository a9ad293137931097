namespace OrderSaga.Local.Analysis;

/// <summary>An error breaks the saga's guarantees; a warning weakens them (e.g. retries without jitter).</summary>
public enum Severity
{
    Warning,
    Error,
}
