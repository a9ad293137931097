namespace OrderSaga.Local.Chaos;

/// <summary>One drawn fault. <paramref name="AfterWork"/>: the call really ran and only its answer is lost (a timeout or crash after the side effect).</summary>
internal sealed record ChaosFault(string Kind, bool AfterWork);
