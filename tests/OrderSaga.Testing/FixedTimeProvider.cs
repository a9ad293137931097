namespace OrderSaga.Testing;

/// <summary>A clock that stays where a test puts it, so recorded timestamps can be asserted.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
